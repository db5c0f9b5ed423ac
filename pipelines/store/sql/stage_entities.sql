-- The touched entities (_touched_entities: id, name, label, aliases) with their counts once the run is
-- published. $1 = run_id.
-- An entity that was published before with the same published names (only names never seen before
-- joined it) keeps its counts plus the run's mentions: no published mention is read. Any other
-- (new, merged, split, or without entity_sources) is recounted over every mention of its names.
CREATE OR REPLACE TEMP TABLE _moved AS
SELECT DISTINCT l.entity_id AS before, k.entity_id AS after
FROM entity_keys AS k JOIN lake.entity_keys AS l USING (name_key)
WHERE l.entity_id <> k.entity_id;

INSERT INTO recounted_entities
SELECT t.entity_id FROM _touched_entities AS t
WHERE t.entity_id IN (SELECT before FROM _moved UNION SELECT after FROM _moved)
   OR t.entity_id NOT IN (SELECT entity_id FROM lake.entities)
   OR t.entity_id NOT IN (SELECT entity_id FROM lake.entity_sources)
   OR EXISTS (SELECT 1 FROM mention_name_keys);

-- Added to: published counts plus the staged mentions (new documents only, so document counts add up).
INSERT INTO entities
WITH added AS (
    SELECT m.entity_id, m.doc_id, d.source, d.ingested_at
    FROM entity_mentions AS m JOIN documents AS d USING (doc_id)
    WHERE m.entity_id IN (SELECT entity_id FROM _touched_entities)
      AND m.entity_id NOT IN (SELECT entity_id FROM recounted_entities)
),
sources AS (
    SELECT entity_id, source FROM lake.entity_sources WHERE entity_id IN (SELECT entity_id FROM added)
    UNION SELECT entity_id, source FROM added
)
SELECT t.entity_id, t.canonical_name, t.label, t.aliases,
       e.mention_count + count(*)                                   AS mention_count,
       e.document_count + count(DISTINCT a.doc_id)                  AS document_count,
       (SELECT count(*) FROM sources s WHERE s.entity_id = t.entity_id) AS source_count,
       e.first_doc_id, e.first_seen,
       greatest(e.last_seen, max(a.ingested_at))                    AS last_seen,
       $1                                                           AS run_id
FROM _touched_entities AS t
JOIN lake.entities AS e USING (entity_id)
JOIN added AS a USING (entity_id)
GROUP BY t.entity_id, t.canonical_name, t.label, t.aliases, e.mention_count, e.document_count,
         e.first_doc_id, e.first_seen, e.last_seen;

-- Recounted: every mention of the entity's names, staged and published (a full resolution's new name
-- keys come from mention_name_keys).
INSERT INTO entities
WITH key_entity AS (
    SELECT name_key, entity_id FROM entity_keys
    WHERE entity_id IN (SELECT entity_id FROM recounted_entities)
),
published AS (
    SELECT k.entity_id, m.doc_id
    FROM lake.entity_mentions AS m
    LEFT JOIN mention_name_keys AS n USING (name)
    JOIN key_entity AS k
      ON k.name_key = CASE WHEN n.name IS NOT NULL THEN n.name_key ELSE m.name_key END
),
mentions AS (
    SELECT entity_id, doc_id FROM entity_mentions
    WHERE entity_id IN (SELECT entity_id FROM recounted_entities)
    UNION ALL
    SELECT entity_id, doc_id FROM published
),
docs AS (
    SELECT doc_id, source, ingested_at FROM documents
    UNION ALL
    SELECT doc_id, source, ingested_at FROM lake.documents WHERE doc_id IN (SELECT doc_id FROM published)
)
SELECT t.entity_id, t.canonical_name, t.label, t.aliases,
       count(*)                                       AS mention_count,
       count(DISTINCT m.doc_id)                       AS document_count,
       count(DISTINCT d.source)                       AS source_count,
       arg_min(d.doc_id, (d.ingested_at, d.doc_id))   AS first_doc_id,  -- ties: a run's documents share a time
       min(d.ingested_at)                             AS first_seen,
       max(d.ingested_at)                             AS last_seen,
       $1                                             AS run_id
FROM _touched_entities AS t
JOIN mentions AS m USING (entity_id)
JOIN docs AS d USING (doc_id)
WHERE t.entity_id IN (SELECT entity_id FROM recounted_entities)
GROUP BY ALL;

-- The sources of each touched entity that the lake does not have yet (all of them when recounted).
INSERT INTO entity_sources
WITH key_entity AS (
    SELECT name_key, entity_id FROM entity_keys
    WHERE entity_id IN (SELECT entity_id FROM recounted_entities)
),
mentioned AS (
    SELECT m.entity_id, d.source FROM entity_mentions AS m JOIN documents AS d USING (doc_id)
    WHERE m.entity_id IN (SELECT entity_id FROM _touched_entities)
    UNION
    SELECT k.entity_id, d.source
    FROM lake.entity_mentions AS m
    LEFT JOIN mention_name_keys AS n USING (name)
    JOIN key_entity AS k
      ON k.name_key = CASE WHEN n.name IS NOT NULL THEN n.name_key ELSE m.name_key END
    JOIN lake.documents AS d ON d.doc_id = m.doc_id
)
SELECT DISTINCT entity_id, source, $1 FROM mentioned
WHERE entity_id IN (SELECT entity_id FROM recounted_entities)
   OR (entity_id, source) NOT IN (SELECT (entity_id, source) FROM lake.entity_sources);
