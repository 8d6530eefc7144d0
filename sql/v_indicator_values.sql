-- One value per bureau x indicator x year x role: the table picked_value (filled by the
-- definition in sql/summaries/picked_value.sql from counted_figure, refreshed with it by
-- every load, reparse and delete: edureports.summaries) with the bureau's names and the
-- indicator's family.
-- Additive indicators (the catalog's flag indicator.additive: things done, built or spent
-- in the year, such as funding_amount, schools_consolidated or schools_built) are summed
-- over their counted figures, skipping parts of a counted total, as in v_catalog_values. Every other indicator (rates, coefficients, ratios, per-student amounts, budget
-- totals) is a level and takes one figure: school level unspecified or 'all' first, then
-- the full year before half years, the latest published report, the first figure stated.
-- part is the part of the year (year, H1, H2) of that chosen (or first summed) figure.
-- A sum is rounded to what reports write (yuan to the fen, anything else to 6 decimals), so
-- 1.1 + 2.2 is 3.3 rather than 3.3000000000000003: picked_value stores it rounded (its
-- definition says how); every column is CAST so SQLite declares its type (ARCHITECTURE.md).
-- No ORDER BY: the views above read this one, and SQLite merges a view into an aggregate
-- that reads it (so that a filter on bureau reaches the table's index) only when the view
-- is unordered. Sort when reading it whole.
-- Portable SQL (SQLite and PostgreSQL).
SELECT
    v.bureau_id,
    b.bureau_name,
    b.province,
    b.prefecture,
    b.county,
    b.region_code,
    v.indicator_code,
    i.family,
    CAST(v.unit AS TEXT) AS unit,
    v.year,
    v.role,
    CAST(v.part AS TEXT) AS part,
    CAST(v.value AS DOUBLE PRECISION) AS value,
    CAST(v.figures AS INTEGER) AS figures,
    CAST(v.any_approximate AS INTEGER) AS any_approximate,
    CAST(v.report_id AS INTEGER) AS report_id,
    CAST(v.additive AS INTEGER) AS additive
FROM picked_value v
JOIN v_bureaus b ON b.bureau_id = v.bureau_id
JOIN indicator i ON i.code = v.indicator_code
