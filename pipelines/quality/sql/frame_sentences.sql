-- The run's sentences as Great Expectations validates them (text left out: it is checked in SQL).
SELECT doc_id, sentence_index, start_char, end_char, block_index, is_heading, is_duplicate
FROM sentences
WHERE run_id = $run_id
