-- One row per bureau x indicator x year: the value of the year (the review of the year
-- before a plan for it, as SPEC §5 prescribes; role says which), the value of the year
-- before (NULL when that year has no value) and the change from it, in the indicator's
-- unit (percentage points for rates). Portable SQL (SQLite and PostgreSQL).
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
    SELECT * FROM preferred WHERE role_rank = 1
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
    CAST(prev.value AS DOUBLE PRECISION) AS previous_value,
    CAST(y.value - prev.value AS DOUBLE PRECISION) AS change,
    y.figures,
    y.any_approximate
FROM yearly y
JOIN indicator i ON i.code = y.indicator_code
LEFT JOIN yearly prev
    ON prev.bureau_id = y.bureau_id
    AND prev.indicator_code = y.indicator_code
    AND prev.year = y.year - 1
ORDER BY y.bureau_id, y.indicator_code, y.year
