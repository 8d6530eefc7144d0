-- One row per bureau x year x role x aid programme x indicator: students aided and the yuan
-- of student aid (funding_amount of funding_category 'student_aid') by the programme the
-- report names for each figure (catalog [programme.*]: nutrition, national_grant,
-- tuition_waiver, student_loan, boarding_subsidy, free_textbooks, scholarship, rain_dew;
-- 'unspecified' when a figure names none). Counted as v_funding counts (a repeat once, a
-- stated total instead of its parts), so the yuan of a bureau, year and role add up to
-- v_funding's student_aid total_yuan. Every column is CAST so SQLite declares its type.
-- The bureau's names are grouping columns (one value per bureau), so that a filter on
-- province or bureau reaches the tables' indexes through the GROUP BY.
-- Portable SQL (SQLite and PostgreSQL).
SELECT
    c.bureau_id,
    CAST(c.bureau_name AS TEXT) AS bureau_name,
    c.province,
    c.prefecture,
    c.county,
    CAST(c.region_code AS TEXT) AS region_code,
    c.year,
    c.role,
    CAST(COALESCE(o.aid_programme, 'unspecified') AS TEXT) AS programme,
    c.indicator_code,
    CAST(MAX(c.unit) AS TEXT) AS unit,
    CAST(ROUND(CAST(SUM(c.value) AS NUMERIC), 2) AS DOUBLE PRECISION) AS value,
    CAST(COUNT(*) AS INTEGER) AS figures,
    CAST(MAX(CASE WHEN c.qualifier <> 'exact' THEN 1 ELSE 0 END) AS INTEGER) AS any_approximate
FROM v_counted_figures c
JOIN observation o ON o.id = c.observation_id
WHERE (c.indicator_code = 'students_aided'
       OR (c.indicator_code = 'funding_amount' AND c.funding_category = 'student_aid'))
  AND c.total_in_series = 0
GROUP BY
    c.bureau_id, c.year, c.role, COALESCE(o.aid_programme, 'unspecified'), c.indicator_code,
    c.bureau_name, c.province, c.prefecture, c.county, c.region_code
ORDER BY c.bureau_id, c.year, c.role, COALESCE(o.aid_programme, 'unspecified'), c.indicator_code
