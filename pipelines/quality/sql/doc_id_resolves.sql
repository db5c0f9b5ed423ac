-- Rows of the run in {table} whose doc_id is not a document staged by the same run (a run writes a
-- document's blocks, comments, sentences and mentions together with it, never for a published one).
SELECT {key}
FROM {table} AS child
WHERE child.run_id = $run_id
  AND NOT EXISTS (SELECT 1 FROM documents AS d WHERE d.doc_id = child.doc_id)
