-- One value per bureau x indicator x year x role x school level, for every indicator of the
-- catalog, with the topic that says which view shows it (v_teachers, v_facilities,
-- v_student_aid, v_outcomes) and the values v_standards sets against the national standards.
-- An additive indicator (indicator.additive: things done in the year, such as schools built
-- or teachers trained) is the sum of its counted figures of that series, skipping parts of
-- a total in the same series; any other indicator is a level and takes one figure: the full
-- year before half years, the latest published report, the first figure stated (the order
-- of v_indicator_values, here per school level). school_level is NULL where the text names
-- none. The rows are those of the table catalog_value (filled by the definition in
-- sql/summaries/catalog_value.sql, refreshed by every load, reparse and delete:
-- edureports.summaries); the catalog's additive flag chooses the sum or the first figure
-- here, so a catalog change needs no refresh. Portable SQL (SQLite and PostgreSQL).
SELECT
    g.bureau_id,
    b.bureau_name,
    b.province,
    b.prefecture,
    b.county,
    b.region_code,
    i.topic,
    g.indicator_code,
    i.name_zh AS indicator_name_zh,
    g.school_level,
    CAST(g.unit AS TEXT) AS unit,
    g.year,
    g.role,
    CAST(CASE WHEN i.additive THEN g.summed ELSE g.first_value END AS DOUBLE PRECISION)
        AS value,
    CAST(CASE WHEN i.additive THEN g.summed_figures ELSE 1 END AS INTEGER) AS figures,
    CAST(CASE WHEN i.additive THEN 1 ELSE 0 END AS INTEGER) AS additive,
    CAST(g.report_id AS INTEGER) AS report_id
FROM catalog_value g
JOIN v_bureaus b ON b.bureau_id = g.bureau_id
JOIN indicator i ON i.code = g.indicator_code
ORDER BY g.bureau_id, i.topic, g.indicator_code, g.year, g.role, COALESCE(g.school_level, '')
