-- Mentions of the run whose span is not inside the span of their sentence.
SELECT m.doc_id, m.mention_index, m.sentence_index, m.start_char, m.end_char,
       s.start_char AS sentence_start_char, s.end_char AS sentence_end_char
FROM entity_mentions AS m
JOIN sentences AS s ON s.doc_id = m.doc_id AND s.sentence_index = m.sentence_index
WHERE m.run_id = $run_id
  AND (m.start_char < s.start_char OR m.end_char > s.end_char)
