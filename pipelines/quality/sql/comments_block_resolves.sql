-- Comments of the run whose block_index has no row in blocks for the same document.
SELECT c.doc_id, c.comment_index, c.block_index
FROM comments AS c
WHERE c.run_id = $run_id
  AND NOT EXISTS (SELECT 1 FROM blocks AS b WHERE b.doc_id = c.doc_id AND b.block_index = c.block_index)
