-- One value per bureau x indicator x year x role, from v_counted_figures.
-- Additive indicators (things done or spent in the year: funding_amount,
-- schools_consolidated, school_places_added, students_aided, teachers_recruited,
-- teachers_rotated) are summed over their counted figures, skipping parts of a counted
-- total. Every other indicator (rates, coefficients, ratios, per-student amounts, budget
-- totals) is a level and takes one figure: school level unspecified or 'all' first, then
-- the full year before half years, the latest published report, the first figure stated.
-- part is the part of the year (year, H1, H2) of that chosen (or first summed) figure.
-- The window and the GROUP BY carry only the columns they need; the bureau's names and the
-- indicator's family are joined to the (fewer) grouped rows: SQLite sorts whole rows for a
-- window, and with every column of v_counted_figures that sort was a third of this view.
-- A sum is rounded to what reports write (yuan to the fen, anything else to 6 decimals), so
-- 1.1 + 2.2 is 3.3 rather than 3.3000000000000003 (the cast to NUMERIC first: PostgreSQL
-- rounds only numeric); every column is CAST so SQLite declares its type (ARCHITECTURE.md).
-- Portable SQL (SQLite and PostgreSQL).
WITH picked AS (
    SELECT
        f.bureau_id,
        f.indicator_code,
        f.year,
        f.role,
        f.part,
        f.unit,
        f.value,
        f.qualifier,
        f.total_counted,
        f.report_id,
        CASE
            WHEN f.indicator_code IN (
                'funding_amount', 'schools_consolidated', 'school_places_added',
                'students_aided', 'teachers_recruited', 'teachers_rotated'
            ) THEN 1
            ELSE 0
        END AS additive,
        ROW_NUMBER() OVER (
            PARTITION BY f.bureau_id, f.indicator_code, f.year, f.role
            ORDER BY
                CASE WHEN f.school_level IS NULL OR f.school_level = 'all' THEN 0 ELSE 1 END,
                CASE f.part WHEN 'year' THEN 0 WHEN 'H2' THEN 1 ELSE 2 END,
                CASE WHEN f.published_on IS NULL THEN 1 ELSE 0 END,
                f.published_on DESC,
                f.report_id DESC,
                f.observation_id
        ) AS pick
    FROM v_counted_figures f
),
picked_values AS (
    SELECT
        bureau_id,
        indicator_code,
        MAX(unit) AS unit,
        year,
        role,
        MAX(CASE WHEN pick = 1 THEN part END) AS part,
        CASE
            WHEN MAX(additive) = 1 THEN SUM(CASE WHEN total_counted = 0 THEN value END)
            ELSE MAX(CASE WHEN pick = 1 THEN value END)
        END AS value,
        CASE
            WHEN MAX(additive) = 1 THEN SUM(CASE WHEN total_counted = 0 THEN 1 ELSE 0 END)
            ELSE 1
        END AS figures,
        MAX(
            CASE
                WHEN qualifier = 'exact' THEN 0
                WHEN additive = 1 AND total_counted = 0 THEN 1
                WHEN additive = 0 AND pick = 1 THEN 1
                ELSE 0
            END
        ) AS any_approximate,
        MAX(CASE WHEN pick = 1 THEN report_id END) AS report_id,
        MAX(additive) AS additive
    FROM picked
    GROUP BY bureau_id, indicator_code, year, role
)
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
    CAST(
        ROUND(
            CAST(v.value AS NUMERIC),
            CASE WHEN v.unit IN ('yuan', 'yuan_per_student') THEN 2 ELSE 6 END
        ) AS DOUBLE PRECISION
    ) AS value,
    CAST(v.figures AS INTEGER) AS figures,
    CAST(v.any_approximate AS INTEGER) AS any_approximate,
    CAST(v.report_id AS INTEGER) AS report_id,
    CAST(v.additive AS INTEGER) AS additive
FROM picked_values v
JOIN v_bureaus b ON b.bureau_id = v.bureau_id
JOIN indicator i ON i.code = v.indicator_code
ORDER BY v.bureau_id, v.indicator_code, v.year, v.role
