-- Give the staged mentions listed in _assigned (doc_id, mention_index, name_key, entity_id) their name
-- key and entity.
UPDATE entity_mentions SET name_key = a.name_key, entity_id = a.entity_id FROM _assigned a
WHERE entity_mentions.doc_id = a.doc_id AND entity_mentions.mention_index = a.mention_index
