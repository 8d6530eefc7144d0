-- One row per indicator x year x bureau: each bureau's value of the year (as in
-- v_indicator_trend: the review before a plan) and its rank among the bureaus reporting
-- the indicator that year, 1 for the highest value (ties share a rank; for difference
-- coefficients lower is more even, so read their rank from the bottom). The national value
-- and the gap to it are given where the Ministry publishes one.
-- Portable SQL (SQLite and PostgreSQL).
SELECT
    t.indicator_code,
    t.indicator_name_zh,
    t.family,
    t.unit,
    t.year,
    t.bureau_id,
    t.bureau_name,
    t.province,
    t.prefecture,
    t.county,
    t.region_code,
    t.role,
    t.part,
    t.value,
    CAST(
        RANK() OVER (PARTITION BY t.indicator_code, t.year ORDER BY t.value DESC) AS INTEGER
    ) AS value_rank,
    CAST(COUNT(*) OVER (PARTITION BY t.indicator_code, t.year) AS INTEGER) AS bureaus_reporting,
    CAST(n.value AS DOUBLE PRECISION) AS national_value,
    CAST(t.value - n.value AS DOUBLE PRECISION) AS gap_to_national
FROM v_indicator_trend t
LEFT JOIN national_reference n ON n.indicator_code = t.indicator_code AND n.year = t.year
ORDER BY t.indicator_code, t.year, t.bureau_id
