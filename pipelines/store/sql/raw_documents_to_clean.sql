-- The run's raw records of a source whose text is not a document yet, published or staged (the first
-- record per doc_id), in file order. $1 = source, $2 = run_id.
SELECT r.* FROM raw_documents r
WHERE r.source = $1 AND r.run_id = $2
  AND r.doc_id NOT IN (SELECT doc_id FROM documents)
  AND r.doc_id NOT IN (SELECT doc_id FROM lake.documents
                       WHERE doc_id IN (SELECT doc_id FROM raw_documents WHERE run_id = $2))
QUALIFY row_number() OVER (PARTITION BY r.doc_id ORDER BY r.path, r.record) = 1
ORDER BY r.path, r.record
