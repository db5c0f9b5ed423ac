-- Raw records read by the run whose doc_id never became a row of documents (staged or published).
SELECT r.raw_id, r.doc_id, r.source, r.path, r.record
FROM raw_documents AS r
WHERE r.run_id = $run_id
  AND NOT EXISTS (SELECT 1 FROM documents AS d WHERE d.doc_id = r.doc_id)
  AND NOT EXISTS (SELECT 1 FROM lake.documents AS d WHERE d.doc_id = r.doc_id)
