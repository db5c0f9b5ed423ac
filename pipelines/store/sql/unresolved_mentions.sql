-- The staged mentions no entity was given yet, in document order.
SELECT doc_id, mention_index, name, label, text FROM entity_mentions
WHERE entity_id IS NULL ORDER BY doc_id, mention_index
