-- One row per bureau x year x national standard: the standard (indicator, school level,
-- operator, value, with the framework and the article that set it, from the catalog's
-- indicator_standard table), the bureau's value of that indicator and level in its reports
-- on that year (role review, from v_catalog_values; a standard without a school level takes
-- the value without one), and the verdict: 'meets', 'does not meet', or 'not reported' when
-- those reports give no value. The years are the years the bureau's reports review, the way
-- v_enrolment sets a bureau against the national value of the same year.
-- The value is read from the table catalog_value as v_catalog_values reads it (keep the two
-- in step: the catalog's additive flag picks the sum or the first figure) by its primary key
-- (level_key is the school level or ''), one look-up per row instead of a join of that view.
-- Portable SQL (SQLite and PostgreSQL).
WITH bureau_years AS (
    SELECT DISTINCT r.bureau_id, p.year
    FROM report r
    JOIN period p ON p.id = r.review_period_id
    WHERE r.bureau_id IS NOT NULL
),
valued AS (
    SELECT
        y.bureau_id,
        y.year,
        s.indicator_code,
        i.name_zh AS indicator_name_zh,
        s.school_level,
        s.op,
        s.value AS standard,
        s.unit,
        CASE WHEN i.additive THEN v.summed ELSE v.first_value END AS value,
        s.framework,
        s.document,
        s.citation
    FROM bureau_years y
    CROSS JOIN indicator_standard s
    JOIN indicator i ON i.code = s.indicator_code
    LEFT JOIN catalog_value v
        ON v.bureau_id = y.bureau_id
        AND v.indicator_code = s.indicator_code
        AND v.year = y.year
        AND v.role = 'review'
        AND v.level_key = s.school_level
)
SELECT
    t.bureau_id,
    b.bureau_name,
    b.province,
    b.prefecture,
    b.county,
    b.region_code,
    t.year,
    t.indicator_code,
    t.indicator_name_zh,
    CAST(NULLIF(t.school_level, '') AS TEXT) AS school_level,
    t.op,
    CAST(t.standard AS DOUBLE PRECISION) AS standard,
    t.unit,
    CAST(t.value AS DOUBLE PRECISION) AS value,
    CAST(CASE
        WHEN t.value IS NULL THEN 'not reported'
        WHEN (t.op = '>=' AND t.value >= t.standard)
            OR (t.op = '>' AND t.value > t.standard)
            OR (t.op = '<=' AND t.value <= t.standard)
            OR (t.op = '<' AND t.value < t.standard)
        THEN 'meets'
        ELSE 'does not meet'
    END AS TEXT) AS verdict,
    t.framework,
    t.document,
    t.citation
FROM valued t
JOIN v_bureaus b ON b.bureau_id = t.bureau_id
ORDER BY t.bureau_id, t.year, t.indicator_code, t.school_level
