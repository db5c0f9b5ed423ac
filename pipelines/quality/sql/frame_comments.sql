-- The run's reader comments as Great Expectations validates them.
SELECT doc_id, comment_index, author, block_index, text
FROM comments
WHERE run_id = $run_id
