-- Sentences per document of the run; NULL for a document without any, so the share of documents with
-- a sentence is the non-null share and the bounds apply to documents that have sentences.
SELECT d.doc_id, d.source, nullif(count(s.doc_id), 0) AS sentence_count
FROM documents AS d
LEFT JOIN sentences AS s ON s.doc_id = d.doc_id
WHERE d.run_id = $run_id
GROUP BY d.doc_id, d.source
