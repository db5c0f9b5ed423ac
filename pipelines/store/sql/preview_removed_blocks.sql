-- Which blocks the run removed from a source's documents, and by which rule (the first 20, for the UI).
-- $1 = source, $2 = run_id.
SELECT kind, reason, left(text, 80) AS text FROM blocks JOIN documents d USING (doc_id)
WHERE d.source = $1 AND blocks.run_id = $2 AND NOT kept LIMIT 20
