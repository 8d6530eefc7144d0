-- One row per bureau with its place in the GB/T 2260 hierarchy, so that every comparison
-- view names bureaus the same way. Portable SQL (SQLite and PostgreSQL).
SELECT
    b.id AS bureau_id,
    b.name AS bureau_name,
    rg.province,
    rg.prefecture,
    rg.county,
    rg.code AS region_code,
    CAST((SELECT COUNT(*) FROM report r WHERE r.bureau_id = b.id) AS INTEGER) AS reports
FROM bureau b
LEFT JOIN region rg ON rg.code = b.region_code
ORDER BY b.id
