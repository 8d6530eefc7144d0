-- One value per bureau x indicator x year x role x school level, for every indicator of the
-- catalog, with the topic that says which view shows it (v_teachers, v_facilities,
-- v_student_aid, v_outcomes) and the values v_standards sets against the national standards.
-- An additive indicator (indicator.additive: things done in the year, such as schools built
-- or teachers trained) is the sum of its counted figures of that series, skipping parts of
-- a total in the same series; any other indicator is a level and takes one figure: the full
-- year before half years, the latest published report, the first figure stated (the order
-- of v_indicator_values, here per school level). school_level is NULL where the text names
-- none. Portable SQL (SQLite and PostgreSQL).
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
            ORDER BY
                CASE f.part WHEN 'year' THEN 0 WHEN 'H2' THEN 1 ELSE 2 END,
                CASE WHEN f.published_on IS NULL THEN 1 ELSE 0 END,
                f.published_on DESC,
                f.report_id DESC,
                f.observation_id
        ) AS pick
    FROM v_counted_figures f
),
grouped AS (
    SELECT
        bureau_id,
        indicator_code,
        year,
        role,
        school_level,
        CAST(MAX(unit) AS TEXT) AS unit,
        SUM(CASE WHEN total_in_series = 0 THEN value END) AS summed,
        SUM(CASE WHEN total_in_series = 0 THEN 1 ELSE 0 END) AS summed_figures,
        MAX(CASE WHEN pick = 1 THEN value END) AS first_value,
        MAX(CASE WHEN pick = 1 THEN report_id END) AS report_id
    FROM picked
    GROUP BY bureau_id, indicator_code, year, role, school_level
)
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
    g.unit,
    g.year,
    g.role,
    CAST(CASE WHEN i.additive THEN g.summed ELSE g.first_value END AS DOUBLE PRECISION)
        AS value,
    CAST(CASE WHEN i.additive THEN g.summed_figures ELSE 1 END AS INTEGER) AS figures,
    CAST(CASE WHEN i.additive THEN 1 ELSE 0 END AS INTEGER) AS additive,
    CAST(g.report_id AS INTEGER) AS report_id
FROM grouped g
JOIN v_bureaus b ON b.bureau_id = g.bureau_id
JOIN indicator i ON i.code = g.indicator_code
ORDER BY g.bureau_id, i.topic, g.indicator_code, g.year, g.role, COALESCE(g.school_level, '')
