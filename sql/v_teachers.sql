-- One row per bureau x year x role x indicator x school level for the teacher indicators (full-time teachers and staff, recruitment, training, rotation, 特岗, key teachers, the 优质均衡 teachers per 100 students, degree and title shares, pupil-teacher ratio):
-- the rows of v_catalog_values whose indicator has topic 'teachers' in the catalog (an indicator
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
WHERE topic = 'teachers'
ORDER BY bureau_id, year, role, indicator_code, COALESCE(school_level, '')
