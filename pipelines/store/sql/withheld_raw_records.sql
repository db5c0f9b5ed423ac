-- The run's raw records behind the documents listed in _withheld (doc_id), in file order. $1 = run_id.
SELECT * FROM raw_documents WHERE run_id = $1 AND doc_id IN (SELECT doc_id FROM _withheld)
ORDER BY source, path, record
