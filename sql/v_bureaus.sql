-- One row per bureau with its place in the GB/T 2260 hierarchy, so that every comparison
-- view names bureaus the same way. Portable SQL (SQLite and PostgreSQL).
SELECT
    b.id AS bureau_id,
    b.name AS bureau_name,
    CAST(
        CASE rg.level
            WHEN 'province' THEN rg.name
            WHEN 'prefecture' THEN p1.name
            ELSE COALESCE(p2.name, p1.name)
        END AS TEXT
    ) AS province,
    CAST(
        CASE
            WHEN rg.level = 'prefecture' THEN rg.name
            WHEN rg.level = 'county' AND p1.level = 'prefecture' THEN p1.name
        END AS TEXT
    ) AS prefecture,
    CAST(CASE WHEN rg.level = 'county' THEN rg.name END AS TEXT) AS county,
    rg.code AS region_code,
    CAST((SELECT COUNT(*) FROM report r WHERE r.bureau_id = b.id) AS INTEGER) AS reports
FROM bureau b
LEFT JOIN region rg ON rg.code = b.region_code
LEFT JOIN region p1 ON p1.code = rg.parent_code
LEFT JOIN region p2 ON p2.code = p1.parent_code
ORDER BY b.id
