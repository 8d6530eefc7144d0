-- One row per bureau x year x national standard: the standard (indicator, school level,
-- operator, value, with the framework and the article that set it, from the catalog's
-- indicator_standard table), the bureau's value of that indicator and level in its reports
-- on that year (role review, from v_catalog_values; a standard without a school level takes
-- the value without one), and the verdict: 'meets', 'does not meet', or 'not reported' when
-- those reports give no value. The years are the years the bureau's reports review, the way
-- v_enrolment sets a bureau against the national value of the same year.
-- Portable SQL (SQLite and PostgreSQL).
WITH bureau_years AS (
    SELECT DISTINCT r.bureau_id, p.year
    FROM report r
    JOIN period p ON p.id = r.review_period_id
    WHERE r.bureau_id IS NOT NULL
),
reviewed AS (
    SELECT bureau_id, year, indicator_code, school_level, value
    FROM v_catalog_values
    WHERE role = 'review'
)
SELECT
    y.bureau_id,
    b.bureau_name,
    b.province,
    b.prefecture,
    b.county,
    b.region_code,
    y.year,
    s.indicator_code,
    i.name_zh AS indicator_name_zh,
    CAST(NULLIF(s.school_level, '') AS TEXT) AS school_level,
    s.op,
    CAST(s.value AS DOUBLE PRECISION) AS standard,
    s.unit,
    CAST(v.value AS DOUBLE PRECISION) AS value,
    CAST(CASE
        WHEN v.value IS NULL THEN 'not reported'
        WHEN (s.op = '>=' AND v.value >= s.value)
            OR (s.op = '>' AND v.value > s.value)
            OR (s.op = '<=' AND v.value <= s.value)
            OR (s.op = '<' AND v.value < s.value)
        THEN 'meets'
        ELSE 'does not meet'
    END AS TEXT) AS verdict,
    s.framework,
    s.document,
    s.citation
FROM bureau_years y
CROSS JOIN indicator_standard s
JOIN v_bureaus b ON b.bureau_id = y.bureau_id
JOIN indicator i ON i.code = s.indicator_code
LEFT JOIN reviewed v
    ON v.bureau_id = y.bureau_id
    AND v.year = y.year
    AND v.indicator_code = s.indicator_code
    AND (v.school_level = s.school_level OR (s.school_level = '' AND v.school_level IS NULL))
ORDER BY y.bureau_id, y.year, s.indicator_code, s.school_level
