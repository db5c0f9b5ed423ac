-- Media Cloud's rule: a sentence that already appeared in another document of the same source within
-- the seven days before is boilerplate that slipped through; flag it so counts are not inflated.
-- Only the current run's sentences are updated. $1 = source, $2 = run_id.
WITH dated AS (
    SELECT s.doc_id, s.sentence_index, s.text, s.run_id,
           coalesce(d.published_date, CAST(d.ingested_at AS DATE)) AS day
    FROM sentences s
    JOIN documents d USING (doc_id)
    WHERE d.source = $1
),
flagged AS (
    SELECT DISTINCT cur.doc_id, cur.sentence_index
    FROM dated cur
    JOIN dated prev
      ON prev.text = cur.text
     AND prev.doc_id <> cur.doc_id
     AND prev.day BETWEEN cur.day - INTERVAL 7 DAY AND cur.day
     AND (prev.day < cur.day OR (prev.day = cur.day AND prev.doc_id < cur.doc_id))
    WHERE cur.run_id = $2
)
UPDATE sentences
SET is_duplicate = true
FROM flagged
WHERE sentences.doc_id = flagged.doc_id AND sentences.sentence_index = flagged.sentence_index;
