-- The figures that count, one row per observation, after the rules of SPEC §5: the one
-- definition of counting. edureports.summaries runs it into the table counted_figure, for
-- every bureau (rebuild) or for some bureau x years (refresh: {keys} below becomes
-- "AND r.bureau_id = :bureau_id AND p.year IN (...)"), and v_counted_figures reads that table.
--   * a value of an indicator is a figure with measure = 'level' and status <> 'redacted'
--     ('earlier' and 'change' figures are not levels; redacted figures have no value);
--     it needs a bureau, a period and a role; unclassified figures are left out;
--   * a figure counts under the role its status gives: a target (what is to be done) is a
--     plan, a reported figure a review, whichever section it is written in. So no sum,
--     pick or comparison above ever adds a target to a reported amount. The parser now
--     files targets as plans; this holds as well for reports an earlier parser stored,
--     where a planned 1.3亿 written in a review section was summed with the 18亿 spent;
--   * a repeat (repeat_of_id IS NOT NULL) is left out: the figure it restates counts;
--   * a series is bureau x indicator x year x role x school_level x funding_category
--     (funding_amount without a category counts as 'other'); when several reports give
--     figures of a series, only one report counts: the full year before H2 before H1,
--     then the latest published (unknown dates last), then the report whose text has the
--     highest SHA-256: an arbitrary choice, but the same whatever order the files were
--     loaded in (report ids follow that order, and with --jobs it varies between runs);
--   * a part of a total is kept here but flagged: total_counted = 1 when the figure it is a
--     part of is counted too (anywhere), total_in_series = 1 when that total is in the same
--     series. Sums skip such parts ("count the total, not its parts").
--   * pick_order numbers the counted figures of each bureau x indicator x year x role in the
--     order a level takes one of them: school level unspecified or 'all' first, then the
--     same report order as above, then the first figure stated. 1 is the figure
--     picked_value takes for a level indicator and v_consolidation for its rates; within one
--     school level the lowest pick_order is catalog_value's. This is the one statement of
--     that order (it used to be written again in each of those three files).
-- Restricted to a bureau and some of its years this gives exactly those rows of the full
-- computation when the years are closed under part-total links (summaries.py says why).
-- Portable SQL (SQLite and PostgreSQL): window functions, no dialect casts.
-- The WHERE below holds every term of the partial index ix_observation_counted
-- (models.py), which SQLite then scans as a covering index; keep the two in step.
WITH ranked AS (
    SELECT
        o.id AS observation_id,
        o.report_id,
        r.bureau_id,
        o.indicator_code,
        o.unit,
        p.year,
        p.part,
        CASE WHEN o.status = 'target' THEN 'plan' ELSE 'review' END AS role,
        o.school_level,
        CASE
            WHEN o.indicator_code = 'funding_amount'
            THEN COALESCE(o.funding_category, 'other')
            ELSE o.funding_category
        END AS funding_category,
        o.value,
        o.qualifier,
        o.status,
        o.flag,
        o.total_id,
        r.published_on,
        r.sha256 AS report_sha256,
        DENSE_RANK() OVER (
            PARTITION BY
                r.bureau_id,
                o.indicator_code,
                p.year,
                CASE WHEN o.status = 'target' THEN 'plan' ELSE 'review' END,
                o.school_level,
                CASE
                    WHEN o.indicator_code = 'funding_amount'
                    THEN COALESCE(o.funding_category, 'other')
                    ELSE o.funding_category
                END
            ORDER BY
                CASE p.part WHEN 'year' THEN 0 WHEN 'H2' THEN 1 ELSE 2 END,
                CASE WHEN r.published_on IS NULL THEN 1 ELSE 0 END,
                r.published_on DESC,
                r.sha256 DESC
        ) AS report_rank
    -- Only report_rank <= 1 counts (ranks start at 1); <= rather than = because PostgreSQL
    -- guesses 0.5% of the rows pass an equality on a window result and a third pass an
    -- inequality: the tiny guess made it join everything above by nested loop.
    FROM observation o
    JOIN report r ON r.id = o.report_id
    JOIN period p ON p.id = o.period_id
    WHERE o.measure = 'level'
      AND o.status <> 'redacted'
      AND o.value IS NOT NULL
      AND o.repeat_of_id IS NULL
      AND o.role IS NOT NULL
      AND r.bureau_id IS NOT NULL
      AND o.indicator_code <> 'unclassified'
      {keys}
)
SELECT
    c.observation_id,
    c.report_id,
    c.bureau_id,
    c.indicator_code,
    c.unit,
    c.year,
    c.part,
    c.role,
    c.school_level,
    c.funding_category,
    c.value,
    c.qualifier,
    c.status,
    c.flag,
    c.published_on,
    c.total_id,
    CASE WHEN t.observation_id IS NULL THEN 0 ELSE 1 END AS total_counted,
    CASE
        WHEN t.observation_id IS NOT NULL
            AND t.indicator_code = c.indicator_code
            AND t.year = c.year
            AND t.role = c.role
            AND (t.school_level = c.school_level
                OR (t.school_level IS NULL AND c.school_level IS NULL))
            AND (t.funding_category = c.funding_category
                OR (t.funding_category IS NULL AND c.funding_category IS NULL))
        THEN 1
        ELSE 0
    END AS total_in_series,
    ROW_NUMBER() OVER (
        PARTITION BY c.bureau_id, c.indicator_code, c.year, c.role
        ORDER BY
            CASE WHEN c.school_level IS NULL OR c.school_level = 'all' THEN 0 ELSE 1 END,
            CASE c.part WHEN 'year' THEN 0 WHEN 'H2' THEN 1 ELSE 2 END,
            CASE WHEN c.published_on IS NULL THEN 1 ELSE 0 END,
            c.published_on DESC,
            c.report_sha256 DESC,
            c.observation_id
    ) AS pick_order
FROM ranked c
-- The total of a part, looked up among the counted figures that are some part's total (a
-- few, not every counted figure). The GROUP BY changes nothing (one row per observation)
-- but tells PostgreSQL that observation_id is unique here: without it the planner guessed
-- this join multiplies rows (34 million for 82 thousand).
LEFT JOIN (
    SELECT
        observation_id,
        MAX(indicator_code) AS indicator_code,
        MAX(year) AS year,
        MAX(role) AS role,
        MAX(school_level) AS school_level,
        MAX(funding_category) AS funding_category
    FROM ranked
    WHERE report_rank <= 1
      AND observation_id IN (
          SELECT total_id FROM ranked WHERE report_rank <= 1 AND total_id IS NOT NULL
      )
    GROUP BY observation_id
) t ON t.observation_id = c.total_id
WHERE c.report_rank <= 1
