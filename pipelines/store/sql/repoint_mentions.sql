-- Published mentions of the name keys whose entity this run changed (a merge, a split, a short form
-- that now joins a full name) follow their key; run before entity_keys is replaced.
UPDATE lake.entity_mentions
SET entity_id = changed.entity_id
FROM (
    SELECT k.name_key, k.entity_id
    FROM main.entity_keys AS k
    JOIN lake.entity_keys AS l USING (name_key)
    WHERE l.entity_id <> k.entity_id
) AS changed
WHERE lake.entity_mentions.name_key = changed.name_key;
