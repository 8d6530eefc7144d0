-- One row per report: what v_reports counts in it (its sections; its figures, by the family
-- of their indicator, redacted, unclassified and flagged). The one definition behind those
-- columns of v_reports, which reads the table report_count that edureports.summaries fills
-- with this, for every report or for the reports a load, reparse or delete touched (the
-- keys placeholder below becomes a filter on r.id). The families are those of the indicator
-- table: a catalog that moves an indicator to another family refreshes the table
-- (schema_sync.sync_indicators). Portable SQL (SQLite and PostgreSQL).
SELECT
    r.id AS report_id,
    (SELECT COUNT(*) FROM section s WHERE s.report_id = r.id) AS sections,
    COUNT(o.id) AS figures,
    SUM(CASE WHEN i.family = 'enrolment' THEN 1 ELSE 0 END) AS enrolment_figures,
    SUM(CASE WHEN i.family = 'consolidation' THEN 1 ELSE 0 END) AS consolidation_figures,
    SUM(CASE WHEN i.family = 'funding' THEN 1 ELSE 0 END) AS funding_figures,
    SUM(CASE WHEN i.family = 'teachers' THEN 1 ELSE 0 END) AS teachers_figures,
    SUM(CASE WHEN i.family = 'outcomes' THEN 1 ELSE 0 END) AS outcomes_figures,
    SUM(CASE WHEN i.family = 'other' THEN 1 ELSE 0 END) AS other_figures,
    SUM(CASE WHEN o.status = 'redacted' THEN 1 ELSE 0 END) AS redacted_figures,
    SUM(CASE WHEN o.indicator_code = 'unclassified' THEN 1 ELSE 0 END) AS unclassified_figures,
    SUM(CASE WHEN o.flag IS NOT NULL THEN 1 ELSE 0 END) AS flagged_figures
FROM report r
LEFT JOIN observation o ON o.report_id = r.id
LEFT JOIN indicator i ON i.code = o.indicator_code
WHERE 1 = 1
  {keys}
GROUP BY r.id
