-- One row per bureau x year x role x indicator x school level of student aid: the rows of
-- v_catalog_values with topic 'student_aid' (students aided, the nutrition programme's
-- schools and pupils, free textbooks, student-origin loans), and the money spent on aid
-- (funding_amount of funding_category 'student_aid', summed as v_funding sums it: counted
-- figures that are not parts of a counted total) as indicator 'funding_amount'.
-- The bureau's names come with the rows of both parts (grouping columns of the money), so
-- that no join of v_bureaus after the UNION (which PostgreSQL misjudged into a nested loop
-- over every bureau) stands between a filter and the indexes. Portable SQL (SQLite and
-- PostgreSQL).
WITH aid AS (
    SELECT
        bureau_id,
        bureau_name,
        province,
        prefecture,
        county,
        region_code,
        year,
        role,
        CAST('funding_amount' AS TEXT) AS indicator_code,
        CAST(NULL AS VARCHAR(32)) AS school_level,
        CAST('yuan' AS TEXT) AS unit,
        SUM(value) AS value,
        COUNT(*) AS figures
    FROM v_counted_figures
    WHERE indicator_code = 'funding_amount'
      AND funding_category = 'student_aid'
      AND total_counted = 0
    GROUP BY bureau_id, year, role, bureau_name, province, prefecture, county, region_code
),
rows_ AS (
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
        school_level,
        unit,
        value,
        figures,
        additive
    FROM v_catalog_values
    WHERE topic = 'student_aid'
    UNION ALL
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
        school_level,
        unit,
        value,
        figures,
        1 AS additive
    FROM aid
)
SELECT
    r.bureau_id,
    r.bureau_name,
    r.province,
    r.prefecture,
    r.county,
    r.region_code,
    r.year,
    r.role,
    r.indicator_code,
    i.name_zh AS indicator_name_zh,
    r.school_level,
    r.unit,
    CAST(r.value AS DOUBLE PRECISION) AS value,
    CAST(r.figures AS INTEGER) AS figures,
    CAST(r.additive AS INTEGER) AS additive
FROM rows_ r
JOIN indicator i ON i.code = r.indicator_code
ORDER BY r.bureau_id, r.year, r.role, r.indicator_code, COALESCE(r.school_level, '')
