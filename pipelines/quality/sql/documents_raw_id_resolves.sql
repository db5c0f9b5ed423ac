-- Documents of the run whose raw_id has no row in raw_documents.
SELECT d.doc_id, d.raw_id
FROM documents AS d
WHERE d.run_id = $run_id
  AND NOT EXISTS (SELECT 1 FROM raw_documents AS r WHERE r.raw_id = d.raw_id)
