-- Withhold the documents listed in _withheld (doc_id) from the run's staged rows: every row of theirs
-- in every table, their raw records included (so the file counts as not loaded and a retry reads it
-- again); a staged document marked as their near duplicate loses the mark. $1 = run_id.
DELETE FROM sentences WHERE run_id = $1 AND doc_id IN (SELECT doc_id FROM _withheld);
DELETE FROM entity_mentions WHERE run_id = $1 AND doc_id IN (SELECT doc_id FROM _withheld);
DELETE FROM sentence_fingerprints WHERE run_id = $1 AND doc_id IN (SELECT doc_id FROM _withheld);
DELETE FROM blocks WHERE run_id = $1 AND doc_id IN (SELECT doc_id FROM _withheld);
DELETE FROM comments WHERE run_id = $1 AND doc_id IN (SELECT doc_id FROM _withheld);
DELETE FROM document_signatures WHERE run_id = $1 AND doc_id IN (SELECT doc_id FROM _withheld);
DELETE FROM document_bands WHERE run_id = $1 AND doc_id IN (SELECT doc_id FROM _withheld);
DELETE FROM block_fingerprints WHERE run_id = $1 AND doc_id IN (SELECT doc_id FROM _withheld);
DELETE FROM documents WHERE run_id = $1 AND doc_id IN (SELECT doc_id FROM _withheld);
DELETE FROM raw_documents WHERE run_id = $1 AND doc_id IN (SELECT doc_id FROM _withheld);
UPDATE documents SET near_duplicate_of = NULL
WHERE run_id = $1 AND near_duplicate_of IN (SELECT doc_id FROM _withheld);
