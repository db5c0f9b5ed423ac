-- The published name keys of the entities asked (_asked: v).
SELECT name_key FROM lake.entity_keys WHERE entity_id IN (SELECT v FROM _asked)
