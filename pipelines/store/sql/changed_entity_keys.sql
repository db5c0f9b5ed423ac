-- How many published name keys this run points at another entity: usually none, and then no published
-- mention needs to change.
SELECT count(*)
FROM main.entity_keys AS k
JOIN lake.entity_keys AS l USING (name_key)
WHERE l.entity_id <> k.entity_id
