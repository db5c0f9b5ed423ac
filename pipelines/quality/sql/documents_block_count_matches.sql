-- Documents of the run whose block_count differs from their rows in blocks.
WITH counted AS (
    SELECT b.doc_id, count(*) AS block_rows
    FROM blocks AS b
    WHERE b.doc_id IN (SELECT doc_id FROM documents WHERE run_id = $run_id)
    GROUP BY b.doc_id
)
SELECT d.doc_id, d.block_count, coalesce(c.block_rows, 0) AS block_rows
FROM documents AS d
LEFT JOIN counted AS c USING (doc_id)
WHERE d.run_id = $run_id
  AND d.block_count <> coalesce(c.block_rows, 0)
