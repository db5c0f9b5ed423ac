-- How many of a source's sentences staged by the run are flagged as repeated within the week (see
-- mark_duplicate_sentences). $1 = source, $2 = run_id.
SELECT count(*) FROM sentences s JOIN documents d USING (doc_id)
WHERE d.source = $1 AND s.run_id = $2 AND s.is_duplicate
