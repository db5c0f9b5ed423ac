-- Entities rewritten by the run whose mention_count differs from their rows in entity_mentions.
WITH counted AS (
    SELECT m.entity_id, count(*) AS mention_rows
    FROM entity_mentions AS m
    WHERE m.entity_id IN (SELECT entity_id FROM entities WHERE run_id = $run_id)
    GROUP BY m.entity_id
)
SELECT e.entity_id, e.canonical_name, e.mention_count, coalesce(c.mention_rows, 0) AS mention_rows
FROM entities AS e
LEFT JOIN counted AS c USING (entity_id)
WHERE e.run_id = $run_id
  AND e.mention_count <> coalesce(c.mention_rows, 0)
