-- Sentences of the run that start before the previous sentence of their document ends.
WITH ordered AS (
    SELECT doc_id, sentence_index, start_char, end_char,
           lag(end_char) OVER (PARTITION BY doc_id ORDER BY sentence_index) AS previous_end_char
    FROM sentences
    WHERE run_id = $run_id
)
SELECT doc_id, sentence_index, start_char, end_char, previous_end_char
FROM ordered
WHERE start_char < previous_end_char
