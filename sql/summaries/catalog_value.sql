-- One row per bureau x indicator x year x role x school level, from the table
-- counted_figure: the one definition behind v_catalog_values (and the views by topic and
-- v_standards above it), which reads the table catalog_value that edureports.summaries fills
-- with this, for every bureau or for one bureau's years (the keys placeholder below).
-- Both candidates are kept, since which one is the value depends on the catalog
-- (indicator.additive, applied by the view): summed is the sum of the series' counted
-- figures skipping parts of a total in the same series, first_value the figure a level
-- takes: the first in counted_figure's pick_order within the school level (the full year
-- before half years, the latest published report, the first figure stated). school_level is NULL
-- where the text names none; level_key is it or '' (a key column cannot be NULL).
-- Portable SQL (SQLite and PostgreSQL).
WITH picked AS (
    SELECT
        f.bureau_id,
        f.indicator_code,
        f.year,
        f.role,
        f.school_level,
        f.unit,
        f.value,
        f.total_in_series,
        f.report_id,
        ROW_NUMBER() OVER (
            PARTITION BY f.bureau_id, f.indicator_code, f.year, f.role, f.school_level
            ORDER BY f.pick_order
        ) AS pick
    FROM counted_figure f
    WHERE 1 = 1
      {keys}
)
SELECT
    bureau_id,
    indicator_code,
    year,
    role,
    COALESCE(school_level, '') AS level_key,
    school_level,
    MAX(unit) AS unit,
    SUM(CASE WHEN total_in_series = 0 THEN value END) AS summed,
    SUM(CASE WHEN total_in_series = 0 THEN 1 ELSE 0 END) AS summed_figures,
    MAX(CASE WHEN pick = 1 THEN value END) AS first_value,
    MAX(CASE WHEN pick = 1 THEN report_id END) AS report_id
FROM picked
GROUP BY bureau_id, indicator_code, year, role, school_level
