-- One row per bureau x indicator x year: the value of the year (the review of the year
-- before a plan for it, as SPEC §5 prescribes; role says which), the value of the year
-- before (NULL when that year has no value) and the change from it, in the indicator's
-- unit (percentage points for rates). The year before is read with LAG (see ordered): a
-- self-join would compute v_indicator_values twice and join it by nested loop.
-- The steps carry only the columns they need and the bureau's names are joined at the end
-- (SQLite copies whole rows through every GROUP BY and window), except province: a window
-- partitioned by it (one per bureau, so the same partitions) lets a filter on province reach
-- the tables' indexes before the window, on both engines.
-- change is rounded as v_indicator_values rounds values (yuan to the fen, else 6 decimals):
-- 91.7 - 90.1 is 1.6, not 1.6000000000000085. Portable SQL (SQLite and PostgreSQL).
WITH ordered AS (
    -- A bureau's values of an indicator by year, the review of a year before the plan for
    -- it. v_indicator_values has at most one row per bureau x indicator x year x role and
    -- role is 'review' or 'plan', so a year has one or two rows here: its first row is the
    -- value of the year, and the value of the year before is the first row of that year,
    -- one row back (it had one row) or two (it had two). One window, so one sort.
    SELECT
        v.bureau_id,
        v.province,
        v.indicator_code,
        v.unit,
        v.year,
        v.role,
        v.part,
        v.value,
        v.figures,
        v.any_approximate,
        LAG(v.year) OVER w AS year_1,
        LAG(v.value) OVER w AS value_1,
        LAG(v.year, 2) OVER w AS year_2,
        LAG(v.value, 2) OVER w AS value_2
    FROM v_indicator_values v
    WINDOW w AS (
        PARTITION BY v.bureau_id, v.indicator_code, v.province
        ORDER BY v.year, CASE v.role WHEN 'review' THEN 0 ELSE 1 END
    )
),
trend AS (
    SELECT
        o.*,
        CASE
            WHEN o.year_2 = o.year - 1 THEN o.value_2
            WHEN o.year_1 = o.year - 1 THEN o.value_1
        END AS previous_value
    FROM ordered o
    WHERE o.year_1 IS NULL OR o.year_1 <> o.year
)
SELECT
    y.bureau_id,
    b.bureau_name,
    y.province,
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
    CAST(
        ROUND(CAST(y.value - y.previous_value AS NUMERIC), CASE WHEN y.unit IN ('yuan', 'yuan_per_student') THEN 2 ELSE 6 END)
        AS DOUBLE PRECISION
    ) AS change,
    y.figures,
    y.any_approximate
FROM trend y
JOIN indicator i ON i.code = y.indicator_code
JOIN v_bureaus b ON b.bureau_id = y.bureau_id
ORDER BY y.bureau_id, y.indicator_code, y.year
