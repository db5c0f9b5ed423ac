-- Undo what entity resolution staged in this run's file (its mentions stay, unresolved again).
DELETE FROM entity_keys;
DELETE FROM entities;
DELETE FROM entity_name_counts;
DELETE FROM entity_key_links;
DELETE FROM entity_resolutions;
DELETE FROM retired_entities;
DELETE FROM mention_name_keys;
DELETE FROM resolution_basis;
UPDATE entity_mentions SET entity_id = NULL, name_key = NULL;
