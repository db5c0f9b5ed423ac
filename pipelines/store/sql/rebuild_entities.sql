-- Rewrite entities from the resolution held in the temporary tables _resolved_entities and
-- _mention_assignment, and point every mention at its entity. $1 = run_id.
UPDATE entity_mentions
SET entity_id = a.entity_id
FROM _mention_assignment a
WHERE entity_mentions.doc_id = a.doc_id AND entity_mentions.mention_index = a.mention_index;

DELETE FROM entities;

INSERT INTO entities
SELECT e.entity_id,
       e.canonical_name,
       e.label,
       e.aliases,
       count(*)                                        AS mention_count,
       count(DISTINCT m.doc_id)                        AS document_count,
       count(DISTINCT d.source)                        AS source_count,
       arg_min(d.doc_id, d.ingested_at)                AS first_doc_id,
       min(d.ingested_at)                              AS first_seen,
       max(d.ingested_at)                              AS last_seen,
       $1                                              AS run_id
FROM _resolved_entities e
JOIN entity_mentions m USING (entity_id)
JOIN documents d USING (doc_id)
GROUP BY ALL;
