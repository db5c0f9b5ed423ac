-- The published entity of each name key asked (_asked: v).
SELECT name_key, entity_id FROM lake.entity_keys WHERE name_key IN (SELECT v FROM _asked)
