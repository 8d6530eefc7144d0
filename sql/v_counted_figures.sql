-- The figures the comparison views count, one row per observation, after the rules of
-- SPEC §5. Every comparison view reads this view. The rules live once, in
-- sql/summaries/counted_figure.sql; this view reads what that computed (the table
-- counted_figure, which every load, reparse and delete refreshes for the bureaus and years
-- it touched: edureports.summaries) and adds the names: the bureau's, its place in the
-- GB/T 2260 hierarchy, the indicator's family.
--   * a value of an indicator is a level with a value, a bureau, a period and a role;
--     repeats, unclassified and redacted figures are left out;
--   * a target counts as a plan, a reported figure as a review;
--   * a series is bureau x indicator x year x role x school_level x funding_category
--     (funding_amount without a category counts as 'other'); when several reports give
--     figures of a series, only one report counts: the full year before H2 before H1,
--     then the latest published (unknown dates last), then the highest SHA-256 of the
--     report's text (fixed whatever order the files were loaded in);
--   * a part of a total is kept here but flagged: total_counted = 1 when the figure it is a
--     part of is counted too (anywhere), total_in_series = 1 when that total is in the same
--     series. Sums skip such parts ("count the total, not its parts");
--   * pick_order numbers the figures of a bureau x indicator x year x role in the order a
--     level takes one (school level unspecified or 'all' first, then the report order above,
--     then the first figure stated): 1 is the figure v_indicator_values shows for a level.
-- The bureau's names are joined from the tables, so PostgreSQL looks each up by primary key
-- and a filter on bureau_id, indicator_code and year reaches the table's indexes.
-- No ORDER BY: the views above read this one, and SQLite merges a view into an aggregate
-- that reads it (so that a filter on bureau reaches the table's index) only when the view
-- is unordered. Sort when reading it whole.
-- Portable SQL (SQLite and PostgreSQL).
SELECT
    c.observation_id,
    c.report_id,
    c.bureau_id,
    bu.name AS bureau_name,
    rg.province,
    rg.prefecture,
    rg.county,
    rg.code AS region_code,
    c.indicator_code,
    i.family,
    c.unit,
    c.year,
    c.part,
    CAST(c.role AS TEXT) AS role,
    c.school_level,
    CAST(c.funding_category AS TEXT) AS funding_category,
    CAST(c.value AS DOUBLE PRECISION) AS value,
    c.qualifier,
    c.status,
    c.flag,
    c.published_on,
    c.total_id,
    CAST(c.total_counted AS INTEGER) AS total_counted,
    CAST(c.total_in_series AS INTEGER) AS total_in_series,
    CAST(c.pick_order AS INTEGER) AS pick_order
FROM counted_figure c
JOIN bureau bu ON bu.id = c.bureau_id
JOIN indicator i ON i.code = c.indicator_code
LEFT JOIN region rg ON rg.code = bu.region_code
