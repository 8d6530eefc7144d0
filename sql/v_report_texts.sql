-- One row per report: the stored (cleaned) text that every char_start/char_end of
-- v_observations and v_sections points into, so that each figure can be checked against the
-- words it came from without access to the base tables. Portable SQL.
SELECT
    r.id AS report_id,
    r.source_name,
    r.text AS report_text
FROM report r
ORDER BY r.id
