-- Entity resolution's changes, inside the publication's transaction (after repoint_mentions): the keys
-- the run resolved and the entities it touched replace their published rows.
DELETE FROM lake.entity_keys WHERE name_key IN (SELECT name_key FROM main.entity_keys);

INSERT INTO lake.entity_keys (name_key, entity_id, run_id)
SELECT name_key, entity_id, run_id FROM main.entity_keys;

DELETE FROM lake.entities
WHERE entity_id IN (SELECT entity_id FROM main.entities UNION SELECT entity_id FROM main.retired_entities);

INSERT INTO lake.entities BY NAME SELECT * FROM main.entities;

DELETE FROM lake.entity_sources
WHERE entity_id IN (SELECT entity_id FROM main.recounted_entities UNION SELECT entity_id FROM main.retired_entities);

INSERT INTO lake.entity_sources BY NAME SELECT * FROM main.entity_sources;
