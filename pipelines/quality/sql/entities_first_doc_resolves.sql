-- Entities rewritten by the run whose first_doc_id has no row in documents (staged or published).
SELECT e.entity_id, e.canonical_name, e.first_doc_id
FROM entities AS e
WHERE e.run_id = $run_id
  AND NOT EXISTS (SELECT 1 FROM documents AS d WHERE d.doc_id = e.first_doc_id)
  AND NOT EXISTS (SELECT 1 FROM lake.documents AS d WHERE d.doc_id = e.first_doc_id)
