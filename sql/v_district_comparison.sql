-- One row per indicator x year x bureau: each bureau's value of the year (as in
-- v_indicator_trend: the review before a plan) and its rank among the bureaus reporting
-- the indicator that year, 1 for the highest value (ties share a rank; for difference
-- coefficients lower is more even, so read their rank from the bottom). The national value
-- and the gap to it are given where the Ministry publishes one.
-- The value of the year is the row of the table picked_value (v_indicator_values before
-- names) that its definition marks preferred (sql/summaries/picked_value.sql: the review if
-- there is one, else the plan; v_indicator_trend chooses the same way). Ranks are not stored
-- (one load would re-rank every bureau of its years): the window below reads the partial
-- index ix_picked_value_preferred, which holds exactly those rows, in the window's order and
-- with every column used here, so one pass over that narrow index ranks every bureau (no
-- sort, no table read) and one bureau or province costs that pass, not the grouping of
-- v_indicator_values.
-- gap_to_national is rounded to 6 decimals (93.5 - 89.7 is 3.8, not 3.799999999999997); every
-- column is CAST so SQLite declares its type. Portable SQL (SQLite and PostgreSQL).
WITH ranked AS (
    SELECT
        bureau_id,
        indicator_code,
        year,
        value,
        role,
        part,
        unit,
        RANK() OVER (PARTITION BY indicator_code, year ORDER BY value DESC) AS value_rank
    FROM picked_value
    WHERE preferred = 1
),
reporting AS (
    -- A count per indicator x year over the same index (a second window, over the whole
    -- partition, cost SQLite more than this grouping of index entries already in order).
    SELECT indicator_code, year, COUNT(*) AS bureaus_reporting
    FROM picked_value
    WHERE preferred = 1
    GROUP BY indicator_code, year
)
SELECT
    t.indicator_code,
    i.name_zh AS indicator_name_zh,
    i.family,
    CAST(t.unit AS TEXT) AS unit,
    t.year,
    t.bureau_id,
    b.bureau_name,
    b.province,
    b.prefecture,
    b.county,
    b.region_code,
    CAST(t.role AS TEXT) AS role,
    CAST(t.part AS TEXT) AS part,
    CAST(t.value AS DOUBLE PRECISION) AS value,
    CAST(t.value_rank AS INTEGER) AS value_rank,
    CAST(c.bureaus_reporting AS INTEGER) AS bureaus_reporting,
    CAST(n.value AS DOUBLE PRECISION) AS national_value,
    CAST(ROUND(CAST(t.value - n.value AS NUMERIC), 6) AS DOUBLE PRECISION) AS gap_to_national
FROM ranked t
JOIN reporting c ON c.indicator_code = t.indicator_code AND c.year = t.year
JOIN indicator i ON i.code = t.indicator_code
JOIN v_bureaus b ON b.bureau_id = t.bureau_id
LEFT JOIN national_reference n ON n.indicator_code = t.indicator_code AND n.year = t.year
ORDER BY t.indicator_code, t.year, t.bureau_id
