-- Sources that read files in the run but got no document with any words out of them.
SELECT r.source, count(*) AS raw_records, count(d.doc_id) AS documents_with_words
FROM raw_documents AS r
LEFT JOIN documents AS d ON d.doc_id = r.doc_id AND d.word_count > 0
WHERE r.run_id = $run_id
GROUP BY r.source
HAVING count(d.doc_id) = 0
