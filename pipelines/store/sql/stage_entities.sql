-- The touched entities (_touched_entities: id, name, label, aliases) with their counts over every
-- mention they will have once the run is published: the staged ones, and the published ones of the keys
-- the run resolved (a full resolution's new name keys taken from mention_name_keys). $1 = run_id.
INSERT INTO entities
WITH key_entity AS (SELECT name_key, entity_id FROM entity_keys),
published AS (
    SELECT k.entity_id, m.doc_id
    FROM lake.entity_mentions AS m
    LEFT JOIN mention_name_keys AS n USING (name)
    JOIN key_entity AS k
      ON k.name_key = CASE WHEN n.name IS NOT NULL THEN n.name_key ELSE m.name_key END
),
mentions AS (
    SELECT entity_id, doc_id FROM entity_mentions
    WHERE entity_id IN (SELECT entity_id FROM _touched_entities)
    UNION ALL
    SELECT entity_id, doc_id FROM published
),
docs AS (
    SELECT doc_id, source, ingested_at FROM documents
    UNION ALL
    SELECT doc_id, source, ingested_at FROM lake.documents WHERE doc_id IN (SELECT doc_id FROM published)
)
SELECT t.entity_id, t.canonical_name, t.label, t.aliases,
       count(*)                          AS mention_count,
       count(DISTINCT m.doc_id)          AS document_count,
       count(DISTINCT d.source)          AS source_count,
       arg_min(d.doc_id, (d.ingested_at, d.doc_id)) AS first_doc_id,  -- ties: a run's documents share a time
       min(d.ingested_at)                AS first_seen,
       max(d.ingested_at)                AS last_seen,
       $1                                AS run_id
FROM _touched_entities AS t
JOIN mentions AS m USING (entity_id)
JOIN docs AS d USING (doc_id)
GROUP BY ALL;
