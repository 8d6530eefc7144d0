-- One row per bureau x year x role: the compulsory education consolidation rate (percent)
-- with the national value of the year and the gap to it, the balance coefficients, and
-- schools merged or closed in total and per school level. The total counts each figure
-- once and a total instead of its parts, so it can exceed the sum of the level columns
-- (figures without a specific school level).
-- One read of v_counted_figures, restricted to the family (the filter reaches into that
-- view), serves both the values and the per-level sums: reading v_indicator_values for the
-- values and v_counted_figures for the levels computed the counting twice. So the values
-- are taken here as v_indicator_values takes them: a rate or coefficient is the figure with
-- pick_order 1 (the order sql/summaries/counted_figure.sql states once, which picked_value
-- reads too), schools_consolidated (an additive indicator) the sum of its figures that are
-- not parts of a counted total.
-- Sums and the gap are rounded to 6 decimals (more than any report writes), so no binary
-- floating-point noise (8.299999999999997) reaches an export. The bureau's names go through
-- the grouping, so that a filter on province is pushed below it. Portable SQL (SQLite and
-- PostgreSQL).
WITH figures AS (
    SELECT
        f.bureau_id,
        f.bureau_name,
        f.province,
        f.prefecture,
        f.county,
        f.region_code,
        f.indicator_code,
        f.year,
        f.role,
        f.school_level,
        f.value,
        f.total_counted,
        f.total_in_series,
        f.pick_order AS pick
    FROM v_counted_figures f
    WHERE f.family = 'consolidation'
),
per_year AS (
    SELECT
        bureau_id,
        bureau_name,
        province,
        prefecture,
        county,
        region_code,
        year,
        role,
        MAX(
            CASE WHEN indicator_code = 'compulsory_consolidation_rate' AND pick = 1 THEN value END
        ) AS consolidation_rate,
        MAX(
            CASE WHEN indicator_code = 'balance_coefficient_primary' AND pick = 1 THEN value END
        ) AS balance_coefficient_primary,
        MAX(
            CASE WHEN indicator_code = 'balance_coefficient_junior' AND pick = 1 THEN value END
        ) AS balance_coefficient_junior,
        SUM(
            CASE
                WHEN indicator_code = 'schools_consolidated' AND total_counted = 0 THEN value
            END
        ) AS schools_consolidated,
        SUM(CASE WHEN in_levels = 1 AND school_level = 'preschool' THEN value END) AS preschool,
        SUM(CASE WHEN in_levels = 1 AND school_level = 'primary' THEN value END)
            AS primary_schools,
        SUM(CASE WHEN in_levels = 1 AND school_level = 'junior' THEN value END) AS junior,
        SUM(CASE WHEN in_levels = 1 AND school_level = 'senior' THEN value END) AS senior,
        SUM(CASE WHEN in_levels = 1 AND school_level = 'teaching_point' THEN value END)
            AS teaching_point,
        SUM(
            CASE
                WHEN in_levels = 1 AND school_level IN ('compulsory', 'vocational', 'special')
                THEN value
            END
        ) AS other_levels
    FROM (
        SELECT
            figures.*,
            CASE
                WHEN indicator_code = 'schools_consolidated' AND total_in_series = 0 THEN 1
                ELSE 0
            END AS in_levels
        FROM figures
    ) fl
    GROUP BY bureau_id, year, role, bureau_name, province, prefecture, county, region_code
)
SELECT
    py.bureau_id,
    py.bureau_name,
    py.province,
    py.prefecture,
    py.county,
    py.region_code,
    py.year,
    py.role,
    CAST(py.consolidation_rate AS DOUBLE PRECISION) AS compulsory_consolidation_rate,
    CAST(nat.value AS DOUBLE PRECISION) AS compulsory_consolidation_rate_national,
    CAST(ROUND(CAST(py.consolidation_rate - nat.value AS NUMERIC), 6) AS DOUBLE PRECISION)
        AS compulsory_consolidation_rate_gap,
    CAST(py.balance_coefficient_primary AS DOUBLE PRECISION) AS balance_coefficient_primary,
    CAST(py.balance_coefficient_junior AS DOUBLE PRECISION) AS balance_coefficient_junior,
    CAST(ROUND(CAST(py.schools_consolidated AS NUMERIC), 6) AS DOUBLE PRECISION) AS schools_consolidated,
    CAST(ROUND(CAST(py.preschool AS NUMERIC), 6) AS DOUBLE PRECISION) AS schools_consolidated_preschool,
    CAST(ROUND(CAST(py.primary_schools AS NUMERIC), 6) AS DOUBLE PRECISION) AS schools_consolidated_primary,
    CAST(ROUND(CAST(py.junior AS NUMERIC), 6) AS DOUBLE PRECISION) AS schools_consolidated_junior,
    CAST(ROUND(CAST(py.senior AS NUMERIC), 6) AS DOUBLE PRECISION) AS schools_consolidated_senior,
    CAST(ROUND(CAST(py.teaching_point AS NUMERIC), 6) AS DOUBLE PRECISION) AS schools_consolidated_teaching_point,
    CAST(ROUND(CAST(py.other_levels AS NUMERIC), 6) AS DOUBLE PRECISION) AS schools_consolidated_other_levels
FROM per_year py
LEFT JOIN national_reference nat
    ON nat.indicator_code = 'compulsory_consolidation_rate' AND nat.year = py.year
ORDER BY py.bureau_id, py.year, py.role
