-- One row per bureau x year x role: a column per enrolment indicator (percent, except
-- school_places_added in places), with the national value of the year and the gap to it
-- (district minus national, percentage points) where the Ministry publishes one.
-- A gap is rounded to 6 decimals (more than any rate is written with), so 91.7 - 83.4 is
-- 8.3 rather than 8.299999999999997. The bureau's names are grouping columns (one value
-- per bureau), so that a filter on province is pushed below the grouping.
-- Portable SQL (SQLite and PostgreSQL).
WITH pivot AS (
    SELECT
        bureau_id,
        bureau_name,
        province,
        prefecture,
        county,
        region_code,
        year,
        role,
        MAX(CASE WHEN indicator_code = 'preschool_gross_enrolment_rate' THEN value END)
            AS preschool_gross_enrolment_rate,
        MAX(CASE WHEN indicator_code = 'inclusive_kindergarten_coverage' THEN value END)
            AS inclusive_kindergarten_coverage,
        MAX(CASE WHEN indicator_code = 'public_kindergarten_share' THEN value END)
            AS public_kindergarten_share,
        MAX(CASE WHEN indicator_code = 'primary_enrolment_rate' THEN value END)
            AS primary_enrolment_rate,
        MAX(CASE WHEN indicator_code = 'compulsory_enrolment_rate' THEN value END)
            AS compulsory_enrolment_rate,
        MAX(CASE WHEN indicator_code = 'junior_gross_enrolment_rate' THEN value END)
            AS junior_gross_enrolment_rate,
        MAX(CASE WHEN indicator_code = 'senior_secondary_gross_enrolment_rate' THEN value END)
            AS senior_secondary_gross_enrolment_rate,
        MAX(CASE WHEN indicator_code = 'disabled_children_enrolment_rate' THEN value END)
            AS disabled_children_enrolment_rate,
        MAX(CASE WHEN indicator_code = 'school_places_added' THEN value END)
            AS school_places_added
    FROM v_indicator_values
    WHERE family = 'enrolment'
    GROUP BY bureau_id, year, role, bureau_name, province, prefecture, county, region_code
)
SELECT
    pv.bureau_id,
    pv.bureau_name,
    pv.province,
    pv.prefecture,
    pv.county,
    pv.region_code,
    pv.year,
    pv.role,
    CAST(pv.preschool_gross_enrolment_rate AS DOUBLE PRECISION)
        AS preschool_gross_enrolment_rate,
    CAST(npre.value AS DOUBLE PRECISION) AS preschool_gross_enrolment_rate_national,
    CAST(ROUND(CAST(pv.preschool_gross_enrolment_rate - npre.value AS NUMERIC), 6) AS DOUBLE PRECISION)
        AS preschool_gross_enrolment_rate_gap,
    CAST(pv.inclusive_kindergarten_coverage AS DOUBLE PRECISION)
        AS inclusive_kindergarten_coverage,
    CAST(pv.public_kindergarten_share AS DOUBLE PRECISION) AS public_kindergarten_share,
    CAST(pv.primary_enrolment_rate AS DOUBLE PRECISION) AS primary_enrolment_rate,
    CAST(pv.compulsory_enrolment_rate AS DOUBLE PRECISION) AS compulsory_enrolment_rate,
    CAST(pv.junior_gross_enrolment_rate AS DOUBLE PRECISION) AS junior_gross_enrolment_rate,
    CAST(pv.senior_secondary_gross_enrolment_rate AS DOUBLE PRECISION)
        AS senior_secondary_gross_enrolment_rate,
    CAST(nsen.value AS DOUBLE PRECISION) AS senior_secondary_gross_enrolment_rate_national,
    CAST(ROUND(CAST(pv.senior_secondary_gross_enrolment_rate - nsen.value AS NUMERIC), 6) AS DOUBLE PRECISION)
        AS senior_secondary_gross_enrolment_rate_gap,
    CAST(pv.disabled_children_enrolment_rate AS DOUBLE PRECISION)
        AS disabled_children_enrolment_rate,
    CAST(pv.school_places_added AS DOUBLE PRECISION) AS school_places_added
FROM pivot pv
LEFT JOIN national_reference npre
    ON npre.indicator_code = 'preschool_gross_enrolment_rate' AND npre.year = pv.year
LEFT JOIN national_reference nsen
    ON nsen.indicator_code = 'senior_secondary_gross_enrolment_rate' AND nsen.year = pv.year
ORDER BY pv.bureau_id, pv.year, pv.role
