-- Rows of the run in {table} whose doc_id has no row in documents.
SELECT {key}
FROM {table} AS child
WHERE child.run_id = $run_id
  AND NOT EXISTS (SELECT 1 FROM documents AS d WHERE d.doc_id = child.doc_id)
