-- One row per figure, with everything a BI tool needs beside it: the report, the bureau
-- and its region, the period and role, the section path, the indicator, and the exact
-- span of the report text the figure came from. Portable SQL (SQLite and PostgreSQL).
-- Plain joins only, so that a filter on the view (a bureau, a report, an indicator and a
-- year) reaches the indexes of the tables (and PostgreSQL's COUNT(*) drops unused joins):
-- the report columns come from the tables (as in v_reports, without its per-report counts)
-- and section_path ('一、… > (二)… > 1.…', the headings from the top down) joins the figure's
-- section and 7 levels of parents, as deep as the parser nests headings (role
-- heading, 第一部分, 一、, (一), 1., (1), ①, 一是). A deeper section (depth > 8: its 8th
-- heading up still has a parent) takes its path from deep_path.
WITH RECURSIVE deep_path (id, parent_id, path) AS (
    -- Sections deeper than the joins below reach, walked up to their top heading. Only read
    -- (and so only computed) for a figure whose section is that deep.
    SELECT id, parent_id, CAST(COALESCE(marker, '') || heading AS TEXT)
    FROM section
    WHERE depth > 8
    UNION ALL
    SELECT
        dp.id,
        a.parent_id,
        CAST(COALESCE(a.marker, '') || a.heading || ' > ' || dp.path AS TEXT)
    FROM deep_path dp
    JOIN section a ON a.id = dp.parent_id
)
SELECT
    o.id AS observation_id,
    o.report_id,
    r.source_name,
    r.title AS report_title,
    r.doc_type,
    r.published_on,
    r.bureau_id,
    b.name AS bureau_name,
    rg.province,
    rg.prefecture,
    rg.county,
    rg.code AS region_code,
    p.year AS period_year,
    p.part AS period_part,
    o.role AS period_role,
    CAST(CASE
        WHEN s7.parent_id IS NULL THEN CAST(
            COALESCE(COALESCE(s7.marker, '') || s7.heading || ' > ', '')
            || COALESCE(COALESCE(s6.marker, '') || s6.heading || ' > ', '')
            || COALESCE(COALESCE(s5.marker, '') || s5.heading || ' > ', '')
            || COALESCE(COALESCE(s4.marker, '') || s4.heading || ' > ', '')
            || COALESCE(COALESCE(s3.marker, '') || s3.heading || ' > ', '')
            || COALESCE(COALESCE(s2.marker, '') || s2.heading || ' > ', '')
            || COALESCE(COALESCE(s1.marker, '') || s1.heading || ' > ', '')
            || COALESCE(s0.marker, '') || s0.heading
        AS TEXT)
        ELSE (
            SELECT dp.path FROM deep_path dp WHERE dp.id = s0.id AND dp.parent_id IS NULL
        )
    END AS TEXT) AS section_path,
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
JOIN report r ON r.id = o.report_id
JOIN indicator i ON i.code = o.indicator_code
LEFT JOIN bureau b ON b.id = r.bureau_id
LEFT JOIN region rg ON rg.code = COALESCE(b.region_code, r.region_code)
LEFT JOIN period p ON p.id = o.period_id
LEFT JOIN section s0 ON s0.id = o.section_id
LEFT JOIN section s1 ON s1.id = s0.parent_id
LEFT JOIN section s2 ON s2.id = s1.parent_id
LEFT JOIN section s3 ON s3.id = s2.parent_id
LEFT JOIN section s4 ON s4.id = s3.parent_id
LEFT JOIN section s5 ON s5.id = s4.parent_id
LEFT JOIN section s6 ON s6.id = s5.parent_id
LEFT JOIN section s7 ON s7.id = s6.parent_id
