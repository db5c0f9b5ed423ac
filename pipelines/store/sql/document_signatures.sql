-- The MinHash signatures of the documents asked (_hits: doc_id), published or staged, oldest first.
WITH dated AS (
    SELECT doc_id, ingested_at FROM lake.documents WHERE doc_id IN (SELECT doc_id FROM _hits)
    UNION ALL SELECT doc_id, ingested_at FROM documents WHERE doc_id IN (SELECT doc_id FROM _hits)
),
signed AS (
    SELECT doc_id, minhash FROM lake.document_signatures WHERE doc_id IN (SELECT doc_id FROM _hits)
    UNION ALL
    SELECT doc_id, minhash FROM document_signatures WHERE doc_id IN (SELECT doc_id FROM _hits)
)
SELECT s.doc_id, s.minhash FROM signed s JOIN dated d USING (doc_id)
ORDER BY d.ingested_at, s.doc_id
