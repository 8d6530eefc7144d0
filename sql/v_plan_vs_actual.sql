-- One row per bureau x indicator x year Y that a bureau planned for: what it planned for Y
-- (figures in plan sections for Y, typically in its report of Y-1; the latest published
-- plan counts) beside what it reported for Y in review sections (NULL when it has not
-- reported Y), and the difference actual minus planned in the indicator's unit.
-- Portable SQL (SQLite and PostgreSQL).
SELECT
    p.bureau_id,
    p.bureau_name,
    p.province,
    p.prefecture,
    p.county,
    p.region_code,
    p.indicator_code,
    i.name_zh AS indicator_name_zh,
    p.family,
    p.unit,
    p.year,
    CAST(p.value AS DOUBLE PRECISION) AS planned_value,
    p.report_id AS plan_report_id,
    CAST(a.value AS DOUBLE PRECISION) AS actual_value,
    a.report_id AS actual_report_id,
    CAST(a.value - p.value AS DOUBLE PRECISION) AS difference
FROM v_indicator_values p
JOIN indicator i ON i.code = p.indicator_code
LEFT JOIN v_indicator_values a
    ON a.bureau_id = p.bureau_id
    AND a.indicator_code = p.indicator_code
    AND a.year = p.year
    AND a.role = 'review'
WHERE p.role = 'plan'
ORDER BY p.bureau_id, p.indicator_code, p.year
