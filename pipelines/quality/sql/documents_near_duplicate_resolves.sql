-- Documents of the run marked as a near duplicate of a doc_id that is in no documents table (staged or
-- published), or of themselves.
SELECT d.doc_id, d.near_duplicate_of
FROM documents AS d
WHERE d.run_id = $run_id
  AND d.near_duplicate_of IS NOT NULL
  AND (d.near_duplicate_of = d.doc_id
       OR (NOT EXISTS (SELECT 1 FROM documents AS o WHERE o.doc_id = d.near_duplicate_of)
           AND NOT EXISTS (SELECT 1 FROM lake.documents AS o WHERE o.doc_id = d.near_duplicate_of)))
