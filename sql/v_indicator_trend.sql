-- One row per bureau x indicator x year: the value of the year (the review of the year
-- before a plan for it, as SPEC §5 prescribes; role says which), the value of the year
-- before (NULL when that year has no value) and the change from it, in the indicator's
-- unit (percentage points for rates). yearly holds one row per bureau x indicator x year,
-- so the year before is the previous row of the series when its year is Y-1 (LAG: a
-- self-join would compute the CTE twice and join it by nested loop).
-- The steps carry only the columns they need and the bureau's names are joined at the end
-- (SQLite copies whole rows through every GROUP BY and window).
-- Portable SQL (SQLite and PostgreSQL).
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
        CASE WHEN has_review = 1 THEN review_value ELSE plan_value END AS value,
        CASE WHEN has_review = 1 THEN review_figures ELSE plan_figures END AS figures,
        CASE WHEN has_review = 1 THEN review_approximate ELSE plan_approximate END
            AS any_approximate
    FROM (
        SELECT
            bureau_id,
            indicator_code,
            year,
            MAX(CASE WHEN role = 'review' THEN 1 ELSE 0 END) AS has_review,
            MAX(CASE WHEN role = 'review' THEN unit END) AS review_unit,
            MAX(CASE WHEN role = 'review' THEN part END) AS review_part,
            MAX(CASE WHEN role = 'review' THEN value END) AS review_value,
            MAX(CASE WHEN role = 'review' THEN figures END) AS review_figures,
            MAX(CASE WHEN role = 'review' THEN any_approximate END) AS review_approximate,
            MAX(CASE WHEN role = 'plan' THEN unit END) AS plan_unit,
            MAX(CASE WHEN role = 'plan' THEN part END) AS plan_part,
            MAX(CASE WHEN role = 'plan' THEN value END) AS plan_value,
            MAX(CASE WHEN role = 'plan' THEN figures END) AS plan_figures,
            MAX(CASE WHEN role = 'plan' THEN any_approximate END) AS plan_approximate
        FROM v_indicator_values
        GROUP BY bureau_id, indicator_code, year
    ) by_role
),
yearly AS (
    SELECT
        pr.*,
        LAG(pr.year) OVER (
            PARTITION BY pr.bureau_id, pr.indicator_code ORDER BY pr.year
        ) AS lag_year,
        LAG(pr.value) OVER (
            PARTITION BY pr.bureau_id, pr.indicator_code ORDER BY pr.year
        ) AS lag_value
    FROM preferred pr
),
trend AS (
    SELECT
        y.*,
        CASE WHEN y.lag_year = y.year - 1 THEN y.lag_value END AS previous_value
    FROM yearly y
)
SELECT
    y.bureau_id,
    b.bureau_name,
    b.province,
    b.prefecture,
    b.county,
    b.region_code,
    y.indicator_code,
    i.name_zh AS indicator_name_zh,
    i.family,
    y.unit,
    y.year,
    y.role,
    y.part,
    CAST(y.value AS DOUBLE PRECISION) AS value,
    CAST(y.previous_value AS DOUBLE PRECISION) AS previous_value,
    CAST(y.value - y.previous_value AS DOUBLE PRECISION) AS change,
    y.figures,
    y.any_approximate
FROM trend y
JOIN indicator i ON i.code = y.indicator_code
JOIN v_bureaus b ON b.bureau_id = y.bureau_id
ORDER BY y.bureau_id, y.indicator_code, y.year
