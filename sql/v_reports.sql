-- One row per report: who published it, where, which periods it reviews and plans,
-- and how many figures of each kind it holds. Portable SQL (SQLite and PostgreSQL).
-- *_source: where the parser decided bureau, region and years (title, header, heading,
-- opening, body, figures, page_date, index_number, hint, override); the region of a bureau
-- with a known place is that bureau's, so it comes from where the bureau was named.
SELECT
    r.id AS report_id,
    r.source_name,
    r.title AS report_title,
    r.doc_type,
    r.published_on,
    r.index_number,
    r.bureau_id,
    b.name AS bureau_name,
    r.bureau_written,
    r.bureau_source,
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
    CAST(
        CASE WHEN b.region_code IS NOT NULL THEN r.bureau_source ELSE r.region_source END
        AS TEXT
    ) AS region_source,
    rp.year AS review_year,
    rp.part AS review_part,
    r.review_source AS review_year_source,
    pp.year AS plan_year,
    pp.part AS plan_part,
    r.plan_source AS plan_year_source,
    CAST(COALESCE(s.sections, 0) AS INTEGER) AS sections,
    CAST(COALESCE(f.figures, 0) AS INTEGER) AS figures,
    CAST(COALESCE(f.enrolment_figures, 0) AS INTEGER) AS enrolment_figures,
    CAST(COALESCE(f.consolidation_figures, 0) AS INTEGER) AS consolidation_figures,
    CAST(COALESCE(f.funding_figures, 0) AS INTEGER) AS funding_figures,
    CAST(COALESCE(f.teachers_figures, 0) AS INTEGER) AS teachers_figures,
    CAST(COALESCE(f.outcomes_figures, 0) AS INTEGER) AS outcomes_figures,
    CAST(COALESCE(f.other_figures, 0) AS INTEGER) AS other_figures,
    CAST(COALESCE(f.redacted_figures, 0) AS INTEGER) AS redacted_figures,
    CAST(COALESCE(f.unclassified_figures, 0) AS INTEGER) AS unclassified_figures,
    CAST(COALESCE(f.flagged_figures, 0) AS INTEGER) AS flagged_figures,
    r.format,
    r.encoding,
    r.parser_version,
    r.loaded_at
FROM report r
LEFT JOIN bureau b ON b.id = r.bureau_id
LEFT JOIN region rg ON rg.code = COALESCE(b.region_code, r.region_code)
LEFT JOIN region p1 ON p1.code = rg.parent_code
LEFT JOIN region p2 ON p2.code = p1.parent_code
LEFT JOIN period rp ON rp.id = r.review_period_id
LEFT JOIN period pp ON pp.id = r.plan_period_id
LEFT JOIN (
    SELECT report_id, COUNT(*) AS sections FROM section GROUP BY report_id
) s ON s.report_id = r.id
LEFT JOIN (
    SELECT
        o.report_id,
        COUNT(*) AS figures,
        SUM(CASE WHEN i.family = 'enrolment' THEN 1 ELSE 0 END) AS enrolment_figures,
        SUM(CASE WHEN i.family = 'consolidation' THEN 1 ELSE 0 END) AS consolidation_figures,
        SUM(CASE WHEN i.family = 'funding' THEN 1 ELSE 0 END) AS funding_figures,
        SUM(CASE WHEN i.family = 'teachers' THEN 1 ELSE 0 END) AS teachers_figures,
        SUM(CASE WHEN i.family = 'outcomes' THEN 1 ELSE 0 END) AS outcomes_figures,
        SUM(CASE WHEN i.family = 'other' THEN 1 ELSE 0 END) AS other_figures,
        SUM(CASE WHEN o.status = 'redacted' THEN 1 ELSE 0 END) AS redacted_figures,
        SUM(CASE WHEN o.indicator_code = 'unclassified' THEN 1 ELSE 0 END) AS unclassified_figures,
        SUM(CASE WHEN o.flag IS NOT NULL THEN 1 ELSE 0 END) AS flagged_figures
    FROM observation o
    JOIN indicator i ON i.code = o.indicator_code
    GROUP BY o.report_id
) f ON f.report_id = r.id
