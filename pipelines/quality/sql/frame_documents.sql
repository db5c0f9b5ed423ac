-- The run's documents as Great Expectations validates them; a blank title counts as no title.
SELECT doc_id, raw_id, source, nullif(trim(title), '') AS title, word_count, block_count, comment_count,
       body_text, extraction
FROM documents
WHERE run_id = $run_id
