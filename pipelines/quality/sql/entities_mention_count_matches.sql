-- Entities rewritten by the run whose mention_count differs from their mentions once the run is
-- published: the staged mentions, and the published ones of the keys the run resolved (all the keys of
-- a touched entity are among them; a full resolution's new keys come from mention_name_keys).
WITH touched AS (SELECT entity_id FROM entities WHERE run_id = $run_id),
counted AS (
    SELECT entity_id, count(*) AS mention_rows FROM (
        SELECT entity_id FROM entity_mentions
        UNION ALL
        SELECT k.entity_id
        FROM lake.entity_mentions AS m
        LEFT JOIN mention_name_keys AS n USING (name)
        JOIN entity_keys AS k ON k.name_key = CASE WHEN n.name IS NOT NULL THEN n.name_key ELSE m.name_key END
    )
    WHERE entity_id IN (SELECT entity_id FROM touched)
    GROUP BY entity_id
)
SELECT e.entity_id, e.canonical_name, e.mention_count, coalesce(c.mention_rows, 0) AS mention_rows
FROM entities AS e
LEFT JOIN counted AS c USING (entity_id)
WHERE e.run_id = $run_id
  AND e.mention_count <> coalesce(c.mention_rows, 0)
