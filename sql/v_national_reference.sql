-- The national values the comparison views compare bureaus with: one row per indicator x
-- year, as published in the Ministry of Education's statistical bulletins, with the source.
-- A view so that read-only BI roles (which see views only) can read them too.
-- Portable SQL (SQLite and PostgreSQL).
SELECT
    n.indicator_code,
    i.name_zh AS indicator_name_zh,
    n.year,
    CAST(n.value AS DOUBLE PRECISION) AS value,
    n.unit,
    n.source,
    n.source_url
FROM national_reference n
LEFT JOIN indicator i ON i.code = n.indicator_code
ORDER BY n.indicator_code, n.year
