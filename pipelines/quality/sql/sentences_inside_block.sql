-- Sentences of the run that cross or leave the body span of their block (or whose block is missing or
-- not kept): a sentence never crosses a block.
SELECT s.doc_id, s.sentence_index, s.block_index, s.start_char, s.end_char, b.kept, b.body_start, b.body_end
FROM sentences AS s
LEFT JOIN blocks AS b ON b.doc_id = s.doc_id AND b.block_index = s.block_index
WHERE s.run_id = $run_id
  AND (b.body_start IS NULL OR b.body_end IS NULL
       OR s.start_char < b.body_start OR s.end_char > b.body_end)
