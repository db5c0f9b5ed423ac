-- Documents of the run whose comment_count differs from their rows in comments.
WITH counted AS (
    SELECT c.doc_id, count(*) AS comment_rows
    FROM comments AS c
    WHERE c.doc_id IN (SELECT doc_id FROM documents WHERE run_id = $run_id)
    GROUP BY c.doc_id
)
SELECT d.doc_id, d.comment_count, coalesce(c.comment_rows, 0) AS comment_rows
FROM documents AS d
LEFT JOIN counted AS c USING (doc_id)
WHERE d.run_id = $run_id
  AND d.comment_count <> coalesce(c.comment_rows, 0)
