-- One row per bureau x year x role x indicator x school level for the outcome and health indicators (progression and 高考/中考 passes, competition awards, dropout, physical fitness, myopia, after-school services):
-- the rows of v_catalog_values whose indicator has topic 'outcomes' in the catalog (an indicator
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
WHERE topic = 'outcomes'
ORDER BY bureau_id, year, role, indicator_code, COALESCE(school_level, '')
