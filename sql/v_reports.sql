-- One row per report: who published it, where, which periods it reviews and plans,
-- and how many figures of each kind it holds. Portable SQL (SQLite and PostgreSQL).
-- *_source: where the parser decided bureau, region and years (title, header, heading,
-- opening, body, figures, page_date, index_number, hint, override); the region of a bureau
-- with a known place is that bureau's, so it comes from where the bureau was named.
-- The counts are those of the table report_count (filled by the definition in
-- sql/summaries/report_count.sql, refreshed by every load, reparse and delete:
-- edureports.summaries), not counted over every figure at query time.
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
    rg.province,
    rg.prefecture,
    rg.county,
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
    CAST(COALESCE(n.sections, 0) AS INTEGER) AS sections,
    CAST(COALESCE(n.figures, 0) AS INTEGER) AS figures,
    CAST(COALESCE(n.enrolment_figures, 0) AS INTEGER) AS enrolment_figures,
    CAST(COALESCE(n.consolidation_figures, 0) AS INTEGER) AS consolidation_figures,
    CAST(COALESCE(n.funding_figures, 0) AS INTEGER) AS funding_figures,
    CAST(COALESCE(n.teachers_figures, 0) AS INTEGER) AS teachers_figures,
    CAST(COALESCE(n.outcomes_figures, 0) AS INTEGER) AS outcomes_figures,
    CAST(COALESCE(n.other_figures, 0) AS INTEGER) AS other_figures,
    CAST(COALESCE(n.redacted_figures, 0) AS INTEGER) AS redacted_figures,
    CAST(COALESCE(n.unclassified_figures, 0) AS INTEGER) AS unclassified_figures,
    CAST(COALESCE(n.flagged_figures, 0) AS INTEGER) AS flagged_figures,
    r.format,
    r.encoding,
    r.parser_version,
    r.loaded_at
FROM report r
LEFT JOIN bureau b ON b.id = r.bureau_id
LEFT JOIN region rg ON rg.code = COALESCE(b.region_code, r.region_code)
LEFT JOIN period rp ON rp.id = r.review_period_id
LEFT JOIN period pp ON pp.id = r.plan_period_id
LEFT JOIN report_count n ON n.report_id = r.id
