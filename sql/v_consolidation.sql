-- One row per bureau x year x role: the compulsory education consolidation rate (percent)
-- with the national value of the year and the gap to it, the balance coefficients, and
-- schools merged or closed in total and per school level. The total counts each figure
-- once and a total instead of its parts, so it can exceed the sum of the level columns
-- (figures without a specific school level). Portable SQL (SQLite and PostgreSQL).
WITH rates AS (
    SELECT
        bureau_id,
        year,
        role,
        MAX(CASE WHEN indicator_code = 'compulsory_consolidation_rate' THEN value END)
            AS consolidation_rate,
        MAX(CASE WHEN indicator_code = 'balance_coefficient_primary' THEN value END)
            AS balance_coefficient_primary,
        MAX(CASE WHEN indicator_code = 'balance_coefficient_junior' THEN value END)
            AS balance_coefficient_junior,
        MAX(CASE WHEN indicator_code = 'schools_consolidated' THEN value END)
            AS schools_consolidated
    FROM v_indicator_values
    WHERE family = 'consolidation'
    GROUP BY bureau_id, year, role
),
levels AS (
    SELECT
        bureau_id,
        year,
        role,
        SUM(CASE WHEN school_level = 'preschool' THEN value END) AS preschool,
        SUM(CASE WHEN school_level = 'primary' THEN value END) AS primary_schools,
        SUM(CASE WHEN school_level = 'junior' THEN value END) AS junior,
        SUM(CASE WHEN school_level = 'senior' THEN value END) AS senior,
        SUM(CASE WHEN school_level = 'teaching_point' THEN value END) AS teaching_point,
        SUM(
            CASE WHEN school_level IN ('compulsory', 'vocational', 'special') THEN value END
        ) AS other_levels
    FROM v_counted_figures
    WHERE indicator_code = 'schools_consolidated' AND total_in_series = 0
    GROUP BY bureau_id, year, role
)
SELECT
    b.bureau_id,
    b.bureau_name,
    b.province,
    b.prefecture,
    b.county,
    b.region_code,
    ra.year,
    ra.role,
    CAST(ra.consolidation_rate AS DOUBLE PRECISION) AS compulsory_consolidation_rate,
    CAST(nat.value AS DOUBLE PRECISION) AS compulsory_consolidation_rate_national,
    CAST(ra.consolidation_rate - nat.value AS DOUBLE PRECISION)
        AS compulsory_consolidation_rate_gap,
    CAST(ra.balance_coefficient_primary AS DOUBLE PRECISION) AS balance_coefficient_primary,
    CAST(ra.balance_coefficient_junior AS DOUBLE PRECISION) AS balance_coefficient_junior,
    CAST(ra.schools_consolidated AS DOUBLE PRECISION) AS schools_consolidated,
    CAST(lv.preschool AS DOUBLE PRECISION) AS schools_consolidated_preschool,
    CAST(lv.primary_schools AS DOUBLE PRECISION) AS schools_consolidated_primary,
    CAST(lv.junior AS DOUBLE PRECISION) AS schools_consolidated_junior,
    CAST(lv.senior AS DOUBLE PRECISION) AS schools_consolidated_senior,
    CAST(lv.teaching_point AS DOUBLE PRECISION) AS schools_consolidated_teaching_point,
    CAST(lv.other_levels AS DOUBLE PRECISION) AS schools_consolidated_other_levels
FROM rates ra
JOIN v_bureaus b ON b.bureau_id = ra.bureau_id
LEFT JOIN levels lv ON lv.bureau_id = ra.bureau_id AND lv.year = ra.year AND lv.role = ra.role
LEFT JOIN national_reference nat
    ON nat.indicator_code = 'compulsory_consolidation_rate' AND nat.year = ra.year
ORDER BY b.bureau_id, ra.year, ra.role
