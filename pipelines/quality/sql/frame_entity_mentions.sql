-- The run's entity mentions as Great Expectations validates them.
SELECT doc_id, mention_index, sentence_index, start_char, end_char, label, name, entity_id
FROM entity_mentions
WHERE run_id = $run_id
