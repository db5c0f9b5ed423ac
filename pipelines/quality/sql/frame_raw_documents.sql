-- The run's raw records as Great Expectations validates them (raw_text left out: it is large).
SELECT raw_id, doc_id, source, path, record, format, content_hash, encoding, byte_size
FROM raw_documents
WHERE run_id = $run_id
