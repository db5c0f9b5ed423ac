-- Every document of the attached single-file warehouse with its MinHash signature and its blocks'
-- texts in order: what migrate derives the LSH bands and block fingerprints from, a chunk at a time.
SELECT d.doc_id, d.source, d.run_id, s.minhash,
       (SELECT list(b.text ORDER BY b.block_index) FROM {legacy}.blocks b WHERE b.doc_id = d.doc_id)
FROM {legacy}.documents d LEFT JOIN {legacy}.document_signatures s USING (doc_id)
ORDER BY d.doc_id
