-- One row per indicator x year x bureau: each bureau's value of the year (as in
-- v_indicator_trend: the review before a plan) and its rank among the bureaus reporting
-- the indicator that year, 1 for the highest value (ties share a rank; for difference
-- coefficients lower is more even, so read their rank from the bottom). The national value
-- and the gap to it are given where the Ministry publishes one.
-- The value of the year is chosen here from v_indicator_values the way v_indicator_trend
-- chooses it (keep the two in step) rather than read from that view, whose year-before
-- columns this view does not show and which cost a fifth of its time.
-- gap_to_national is rounded to 6 decimals (93.5 - 89.7 is 3.8, not 3.799999999999997); every
-- column is CAST so SQLite declares its type. Portable SQL (SQLite and PostgreSQL).
WITH preferred AS (
    -- The review of a year if there is one, else the plan for it: v_indicator_values has at
    -- most one row per bureau x indicator x year x role, and role is 'review' or 'plan'.
    SELECT
        bureau_id,
        indicator_code,
        year,
        CASE WHEN has_review = 1 THEN 'review' ELSE 'plan' END AS role,
        CASE WHEN has_review = 1 THEN review_unit ELSE plan_unit END AS unit,
        CASE WHEN has_review = 1 THEN review_part ELSE plan_part END AS part,
        CASE WHEN has_review = 1 THEN review_value ELSE plan_value END AS value
    FROM (
        SELECT
            bureau_id,
            indicator_code,
            year,
            MAX(CASE WHEN role = 'review' THEN 1 ELSE 0 END) AS has_review,
            MAX(CASE WHEN role = 'review' THEN unit END) AS review_unit,
            MAX(CASE WHEN role = 'review' THEN part END) AS review_part,
            MAX(CASE WHEN role = 'review' THEN value END) AS review_value,
            MAX(CASE WHEN role = 'plan' THEN unit END) AS plan_unit,
            MAX(CASE WHEN role = 'plan' THEN part END) AS plan_part,
            MAX(CASE WHEN role = 'plan' THEN value END) AS plan_value
        FROM v_indicator_values
        GROUP BY bureau_id, indicator_code, year
    ) by_role
),
ranked AS (
    SELECT
        pr.*,
        RANK() OVER by_value AS value_rank,
        COUNT(*) OVER all_of_year AS bureaus_reporting
    FROM preferred pr
    WINDOW
        by_value AS (PARTITION BY pr.indicator_code, pr.year ORDER BY pr.value DESC),
        all_of_year AS (by_value ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
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
    CAST(t.bureaus_reporting AS INTEGER) AS bureaus_reporting,
    CAST(n.value AS DOUBLE PRECISION) AS national_value,
    CAST(ROUND(CAST(t.value - n.value AS NUMERIC), 6) AS DOUBLE PRECISION) AS gap_to_national
FROM ranked t
JOIN indicator i ON i.code = t.indicator_code
JOIN v_bureaus b ON b.bureau_id = t.bureau_id
LEFT JOIN national_reference n ON n.indicator_code = t.indicator_code AND n.year = t.year
ORDER BY t.indicator_code, t.year, t.bureau_id
