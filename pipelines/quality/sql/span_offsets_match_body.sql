-- Rows of the run in {table} whose offsets fall outside documents.body_text or whose text differs from
-- substr(body_text, start_char + 1, end_char - start_char).
SELECT {key}, s.start_char, s.end_char, length(d.body_text) AS body_length, s.text,
       substr(d.body_text, s.start_char + 1, s.end_char - s.start_char) AS body_text_at_offsets
FROM {table} AS s
JOIN documents AS d USING (doc_id)
WHERE s.run_id = $run_id
  AND (s.start_char < 0 OR s.end_char <= s.start_char OR s.end_char > length(d.body_text)
       OR substr(d.body_text, s.start_char + 1, s.end_char - s.start_char) <> s.text)
