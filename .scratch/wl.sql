EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
WITH o AS MATERIALIZED (
  SELECT mi.patient_id, min(mi.due_date) AS first_due, count(*) AS item_count
  FROM monitoring_items mi
  WHERE NOT mi.waived AND mi.completed_on IS NULL AND (mi.due_date - mi.due_soon_days) <= '2026-11-23'::date
  GROUP BY mi.patient_id
), n AS (SELECT count(*) AS total FROM o), cut AS (SELECT o.first_due AS k FROM o ORDER BY o.first_due ASC OFFSET 24 LIMIT 1), paged AS (
  SELECT o.patient_id, o.first_due, o.item_count, p.first_name, p.last_name, p.mrn, p.phone, p.email, u.name AS clinician
  FROM (SELECT * FROM o WHERE (SELECT k FROM cut) IS NULL OR o.first_due <= (SELECT k FROM cut)) o
  CROSS JOIN LATERAL (SELECT * FROM patients p WHERE p.id = o.patient_id OFFSET 0) p
  LEFT JOIN users u ON u.id = p.primary_clinician_id
  ORDER BY o.first_due ASC, p.last_name, p.first_name, p.id
  LIMIT 25 OFFSET 0
)
SELECT o.*, n.total FROM paged o CROSS JOIN n;
