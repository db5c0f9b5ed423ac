-- A full resolution replaces the whole resolution state: every key, link, count and entity.
UPDATE lake.entity_mentions
SET entity_id = k.entity_id
FROM main.entity_keys k
WHERE lake.entity_mentions.name_key = k.name_key
  AND lake.entity_mentions.entity_id IS DISTINCT FROM k.entity_id;

UPDATE lake.entity_mentions
SET entity_id = NULL
WHERE entity_id IS NOT NULL
  AND (name_key IS NULL OR name_key NOT IN (SELECT name_key FROM main.entity_keys));

DELETE FROM lake.entity_keys;

INSERT INTO lake.entity_keys (name_key, entity_id, run_id)
SELECT name_key, entity_id, run_id FROM main.entity_keys;

DELETE FROM lake.entities;

INSERT INTO lake.entities BY NAME SELECT * FROM main.entities;

DELETE FROM lake.entity_sources;

INSERT INTO lake.entity_sources BY NAME SELECT * FROM main.entity_sources;
