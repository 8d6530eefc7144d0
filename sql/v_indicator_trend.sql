-- One row per bureau x indicator x year: the value of the year (the review of the year
-- before a plan for it, as SPEC §5 prescribes; role says which), the value of the year
-- before (NULL when that year has no value) and the change from it, in the indicator's
-- unit (percentage points for rates). yearly holds one row per bureau x indicator x year,
-- so the year before is the previous row of the series when its year is Y-1 (LAG: a
-- self-join would compute the CTE twice and join it by nested loop).
-- Portable SQL (SQLite and PostgreSQL).
WITH preferred AS (
    SELECT
        v.*,
        ROW_NUMBER() OVER (
            PARTITION BY v.bureau_id, v.indicator_code, v.year
            ORDER BY CASE v.role WHEN 'review' THEN 0 ELSE 1 END
        ) AS role_rank
    FROM v_indicator_values v
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
    WHERE pr.role_rank = 1
),
trend AS (
    SELECT
        y.*,
        CASE WHEN y.lag_year = y.year - 1 THEN y.lag_value END AS previous_value
    FROM yearly y
)
SELECT
    y.bureau_id,
    y.bureau_name,
    y.province,
    y.prefecture,
    y.county,
    y.region_code,
    y.indicator_code,
    i.name_zh AS indicator_name_zh,
    y.family,
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
ORDER BY y.bureau_id, y.indicator_code, y.year
