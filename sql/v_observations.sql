-- One row per figure, with everything a BI tool needs beside it: the report, the bureau
-- and its region, the period and role, the section path, the indicator, and the exact
-- span of the report text the figure came from. Portable SQL (SQLite and PostgreSQL).
WITH RECURSIVE section_path (id, path) AS (
    SELECT id, CAST(COALESCE(marker, '') || heading AS TEXT)
    FROM section
    WHERE parent_id IS NULL
    UNION ALL
    SELECT s.id, CAST(sp.path || ' > ' || COALESCE(s.marker, '') || s.heading AS TEXT)
    FROM section s
    JOIN section_path sp ON sp.id = s.parent_id
)
SELECT
    o.id AS observation_id,
    o.report_id,
    vr.source_name,
    vr.report_title,
    vr.doc_type,
    vr.published_on,
    vr.bureau_id,
    vr.bureau_name,
    vr.province,
    vr.prefecture,
    vr.county,
    vr.region_code,
    p.year AS period_year,
    p.part AS period_part,
    o.role AS period_role,
    sp.path AS section_path,
    o.indicator_code,
    i.name_zh AS indicator_name_zh,
    i.name_en AS indicator_name_en,
    i.family,
    o.unit,
    o.value,
    o.value_high,
    o.qualifier,
    o.status,
    o.measure,
    o.school_level,
    o.funding_category,
    o.flag,
    o.repeat_of_id,
    o.total_id,
    o.raw_text,
    o.source_text,
    o.char_start,
    o.char_end
FROM observation o
JOIN v_reports vr ON vr.report_id = o.report_id
JOIN indicator i ON i.code = o.indicator_code
LEFT JOIN period p ON p.id = o.period_id
LEFT JOIN section_path sp ON sp.id = o.section_id
