-- The name of every staged mention.
SELECT doc_id, mention_index, name FROM entity_mentions
