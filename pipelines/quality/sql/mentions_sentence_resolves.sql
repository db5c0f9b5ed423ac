-- Mentions of the run whose (doc_id, sentence_index) has no row in sentences.
SELECT m.doc_id, m.mention_index, m.sentence_index
FROM entity_mentions AS m
WHERE m.run_id = $run_id
  AND NOT EXISTS (
      SELECT 1 FROM sentences AS s WHERE s.doc_id = m.doc_id AND s.sentence_index = m.sentence_index
  )
