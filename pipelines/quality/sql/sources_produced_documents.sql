-- Sources that read files in the run but got no document with any words out of them (staged or
-- published: a file that repeats a published article is a copy of it).
WITH docs AS (
    SELECT doc_id, word_count FROM documents
    UNION ALL
    SELECT doc_id, word_count FROM lake.documents
    WHERE doc_id IN (SELECT doc_id FROM raw_documents WHERE run_id = $run_id)
)
SELECT r.source, count(*) AS raw_records, count(d.doc_id) AS documents_with_words
FROM raw_documents AS r
LEFT JOIN docs AS d ON d.doc_id = r.doc_id AND d.word_count > 0
WHERE r.run_id = $run_id
GROUP BY r.source
HAVING count(d.doc_id) = 0
