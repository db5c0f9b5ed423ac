-- A full resolution (aliases.yaml changed, or on demand) may give published names new keys.
UPDATE lake.entity_mentions
SET name_key = n.name_key
FROM main.mention_name_keys n
WHERE lake.entity_mentions.name = n.name
  AND lake.entity_mentions.name_key IS DISTINCT FROM n.name_key;
