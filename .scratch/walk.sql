EXPLAIN (ANALYZE, COSTS OFF)
WITH cut AS (
  SELECT max(first_due) AS k FROM (
    SELECT mi.due_date AS first_due FROM monitoring_items mi
    WHERE NOT mi.waived AND mi.completed_on IS NULL AND (mi.due_date - mi.due_soon_days) <= '2026-11-23'::date
      AND NOT EXISTS (SELECT 1 FROM monitoring_items m2 WHERE m2.patient_id = mi.patient_id AND NOT m2.waived AND m2.completed_on IS NULL AND (m2.due_date - m2.due_soon_days) <= '2026-11-23'::date AND (m2.due_date, m2.item_key) < (mi.due_date, mi.item_key))
    ORDER BY mi.due_date LIMIT 25) f
), cand AS (
    SELECT mi.patient_id, mi.due_date AS first_due FROM monitoring_items mi
    WHERE NOT mi.waived AND mi.completed_on IS NULL AND (mi.due_date - mi.due_soon_days) <= '2026-11-23'::date
      AND mi.due_date <= (SELECT k FROM cut)
      AND NOT EXISTS (SELECT 1 FROM monitoring_items m2 WHERE m2.patient_id = mi.patient_id AND NOT m2.waived AND m2.completed_on IS NULL AND (m2.due_date - m2.due_soon_days) <= '2026-11-23'::date AND (m2.due_date, m2.item_key) < (mi.due_date, mi.item_key))
)
SELECT o.patient_id, o.first_due, p.last_name, (SELECT count(DISTINCT patient_id) FROM monitoring_items mi WHERE NOT mi.waived AND mi.completed_on IS NULL AND (mi.due_date - mi.due_soon_days) <= '2026-11-23'::date) AS total
FROM cand o CROSS JOIN LATERAL (SELECT * FROM patients p WHERE p.id = o.patient_id OFFSET 0) p
ORDER BY o.first_due, p.last_name, p.first_name, p.id LIMIT 25 OFFSET 0;
