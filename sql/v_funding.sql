-- One row per bureau x year x role x funding_category: the yuan of funding_amount figures
-- (education_expenditure is a budget total and never added here), how many figures make
-- the sum, and whether any of them is approximate (余/近/约, 以上, 以内). A figure repeated
-- in one report counts once, and a total stated beside its parts counts instead of them.
-- The figures of a row come from one report, so part (year, H1, H2) is that report's.
-- A row's figures all have the role's status (v_counted_figures files every target as a plan),
-- so total_yuan never adds a target to a reported amount; it is rounded to the fen (1.1 +
-- 2.2 yuan is 3.3, not 3.3000000000000003). Every column is CAST so SQLite declares its type.
-- The bureau's names are grouping columns (one value per bureau), so that a filter on
-- province or bureau reaches the tables' indexes through the GROUP BY.
-- Portable SQL (SQLite and PostgreSQL).
SELECT
    bureau_id,
    CAST(bureau_name AS TEXT) AS bureau_name,
    province,
    prefecture,
    county,
    CAST(region_code AS TEXT) AS region_code,
    year,
    role,
    funding_category,
    CAST(MAX(part) AS TEXT) AS part,
    CAST(ROUND(CAST(SUM(value) AS NUMERIC), 2) AS DOUBLE PRECISION) AS total_yuan,
    CAST(COUNT(*) AS INTEGER) AS figures,
    CAST(MAX(CASE WHEN qualifier <> 'exact' THEN 1 ELSE 0 END) AS INTEGER) AS any_approximate,
    CAST(MAX(CASE WHEN status = 'target' THEN 1 ELSE 0 END) AS INTEGER) AS any_target
FROM v_counted_figures
WHERE indicator_code = 'funding_amount' AND total_in_series = 0
GROUP BY
    bureau_id, year, role, funding_category, bureau_name, province, prefecture, county, region_code
ORDER BY bureau_id, year, role, funding_category
