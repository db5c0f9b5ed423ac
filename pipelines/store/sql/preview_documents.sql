-- What the run's first documents of a source look like (10, for the UI). $1 = source, $2 = run_id.
SELECT title, authors, word_count, near_duplicate_of FROM documents
WHERE source = $1 AND run_id = $2 LIMIT 10
