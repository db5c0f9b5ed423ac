-- The entities the run rewrote, as Great Expectations validates them.
SELECT entity_id, canonical_name, label, mention_count, document_count, source_count, first_doc_id,
       first_seen, last_seen
FROM entities
WHERE run_id = $run_id
