-- One value per bureau x indicator x year x role, from the table counted_figure: the one
-- definition behind v_indicator_values, which reads the table picked_value that
-- edureports.summaries fills with this (for every bureau, or for one bureau's years: {keys}
-- becomes "AND f.bureau_id = :bureau_id AND f.year IN (...)"; a group never spans keys).
-- Additive indicators (the catalog's flag indicator.additive: things done, built or spent
-- in the year, such as funding_amount, schools_consolidated or schools_built) are summed
-- over their counted figures, skipping parts of a counted total, as in v_catalog_values.
-- Every other indicator (rates, coefficients, ratios, per-student amounts, budget
-- totals) is a level and takes one figure, the one counted_figure numbers 1 in pick_order:
-- school level unspecified or 'all' first, then the full year before half years, the
-- latest published report, the first figure stated.
-- part is the part of the year (year, H1, H2) of that chosen (or first summed) figure.
-- value is rounded to what reports write (yuan to the fen, anything else to 6 decimals), so
-- 1.1 + 2.2 is 3.3 rather than 3.3000000000000003 (the cast to NUMERIC first: PostgreSQL
-- rounds only numeric), and v_district_comparison ranks the values v_indicator_values shows.
-- preferred is 1 on the value of the year that v_indicator_trend and v_district_comparison
-- take: the review if the bureau has one for the indicator and year, else the plan.
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
        CASE WHEN i.additive THEN 1 ELSE 0 END AS additive,
        f.pick_order AS pick
    FROM counted_figure f
    JOIN indicator i ON i.code = f.indicator_code
    WHERE 1 = 1
      {keys}
)
SELECT
    bureau_id,
    indicator_code,
    year,
    role,
    MAX(unit) AS unit,
    MAX(CASE WHEN pick = 1 THEN part END) AS part,
    CAST(
        ROUND(
            CAST(
                CASE
                    WHEN MAX(additive) = 1 THEN SUM(CASE WHEN total_counted = 0 THEN value END)
                    ELSE MAX(CASE WHEN pick = 1 THEN value END)
                END AS NUMERIC
            ),
            CASE WHEN MAX(unit) IN ('yuan', 'yuan_per_student') THEN 2 ELSE 6 END
        ) AS DOUBLE PRECISION
    ) AS value,
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
    MAX(additive) AS additive,
    CASE
        WHEN role = 'review'
            OR SUM(CASE WHEN role = 'review' THEN 1 ELSE 0 END)
                OVER (PARTITION BY bureau_id, indicator_code, year) = 0
        THEN 1
        ELSE 0
    END AS preferred
FROM picked
GROUP BY bureau_id, indicator_code, year, role
