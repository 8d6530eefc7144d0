-- One row per bureau x indicator x year Y that a bureau planned for: what it planned for Y
-- (figures in plan sections for Y, typically in its report of Y-1; the latest published
-- plan counts) beside what it reported for Y in review sections (NULL when it has not
-- reported Y), and the difference actual minus planned in the indicator's unit.
-- v_indicator_values has at most one row per bureau x indicator x year x role, so the plan
-- and the review of a year are paired by one GROUP BY over a single read of it (a self-join
-- would compute the view twice, and PostgreSQL misjudges its size into a nested loop).
-- The bureau's names are grouping columns (one value per bureau), so that a filter on
-- province reaches the tables' indexes through the GROUP BY.
-- difference is rounded as v_indicator_values rounds values (yuan to the fen, else 6
-- decimals); every column is CAST so SQLite declares its type. Portable SQL (SQLite and
-- PostgreSQL).
WITH paired AS (
    SELECT
        bureau_id,
        bureau_name,
        province,
        prefecture,
        county,
        region_code,
        indicator_code,
        year,
        MAX(CASE WHEN role = 'plan' THEN 1 ELSE 0 END) AS planned,
        MAX(CASE WHEN role = 'plan' THEN family END) AS family,
        MAX(CASE WHEN role = 'plan' THEN unit END) AS unit,
        MAX(CASE WHEN role = 'plan' THEN value END) AS planned_value,
        MAX(CASE WHEN role = 'plan' THEN report_id END) AS plan_report_id,
        MAX(CASE WHEN role = 'review' THEN value END) AS actual_value,
        MAX(CASE WHEN role = 'review' THEN report_id END) AS actual_report_id
    FROM v_indicator_values
    WHERE role IN ('plan', 'review')
    GROUP BY bureau_id, indicator_code, year, bureau_name, province, prefecture, county, region_code
)
SELECT
    p.bureau_id,
    CAST(p.bureau_name AS TEXT) AS bureau_name,
    p.province,
    p.prefecture,
    p.county,
    CAST(p.region_code AS TEXT) AS region_code,
    p.indicator_code,
    i.name_zh AS indicator_name_zh,
    CAST(p.family AS TEXT) AS family,
    CAST(p.unit AS TEXT) AS unit,
    p.year,
    CAST(p.planned_value AS DOUBLE PRECISION) AS planned_value,
    CAST(p.plan_report_id AS INTEGER) AS plan_report_id,
    CAST(p.actual_value AS DOUBLE PRECISION) AS actual_value,
    CAST(p.actual_report_id AS INTEGER) AS actual_report_id,
    CAST(
        ROUND(
            CAST(p.actual_value - p.planned_value AS NUMERIC),
            CASE WHEN p.unit IN ('yuan', 'yuan_per_student') THEN 2 ELSE 6 END
        ) AS DOUBLE PRECISION
    ) AS difference
FROM paired p
JOIN indicator i ON i.code = p.indicator_code
WHERE p.planned = 1
ORDER BY p.bureau_id, p.indicator_code, p.year
