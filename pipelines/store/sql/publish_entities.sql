-- Entity resolution's changes, inside the publication's transaction: keys whose entity changed are
-- repointed (their published mentions with them), then the touched entities replace their old rows.
UPDATE lake.entity_mentions
SET entity_id = k.entity_id
FROM main.entity_keys k
WHERE lake.entity_mentions.name_key = k.name_key
  AND lake.entity_mentions.entity_id IS DISTINCT FROM k.entity_id;

DELETE FROM lake.entity_keys WHERE name_key IN (SELECT name_key FROM main.entity_keys);

INSERT INTO lake.entity_keys (name_key, entity_id, run_id)
SELECT name_key, entity_id, run_id FROM main.entity_keys;

DELETE FROM lake.entities
WHERE entity_id IN (SELECT entity_id FROM main.entities UNION SELECT entity_id FROM main.retired_entities);

INSERT INTO lake.entities BY NAME SELECT * FROM main.entities;
