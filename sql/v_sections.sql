-- One row per section of a report: the heading tree with each section's review/plan role and
-- period, and its span of the report text (v_report_texts), so that a reader without access
-- to the base tables (the read-only role, a BI tool) can walk a report. Portable SQL.
SELECT
    s.id AS section_id,
    s.report_id,
    s.parent_id,
    s.ordinal,
    s.depth,
    s.marker,
    s.heading,
    s.role,
    p.year AS period_year,
    p.part AS period_part,
    s.char_start,
    s.char_end
FROM section s
LEFT JOIN period p ON p.id = s.period_id
ORDER BY s.report_id, s.ordinal
