-- Mentions of the run whose entity_id is set but has no row in entities (staged or published).
SELECT m.doc_id, m.mention_index, m.entity_id
FROM entity_mentions AS m
WHERE m.run_id = $run_id
  AND m.entity_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM entities AS e WHERE e.entity_id = m.entity_id)
  AND NOT EXISTS (SELECT 1 FROM lake.entities AS e WHERE e.entity_id = m.entity_id)
