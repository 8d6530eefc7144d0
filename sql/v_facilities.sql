-- One row per bureau x year x role x indicator x school level for the facility indicators (schools built, expanded, renovated; floor areas built and per student; sports grounds, laboratories, computers, teacher housing, projects and their progress; the 优质均衡 resource indicators per student):
-- the rows of v_catalog_values whose indicator has topic 'facilities' in the catalog (an indicator
-- a user adds with that topic appears here too). Portable SQL (SQLite and PostgreSQL).
SELECT
    bureau_id,
    bureau_name,
    province,
    prefecture,
    county,
    region_code,
    year,
    role,
    indicator_code,
    indicator_name_zh,
    school_level,
    unit,
    value,
    figures,
    additive
FROM v_catalog_values
WHERE topic = 'facilities'
ORDER BY bureau_id, year, role, indicator_code, COALESCE(school_level, '')
