-- The staged rows of documents another run published since this run read them leave this run: the lake
-- holds each once. $1 = their doc_ids (documents_published_meanwhile.sql). The run's raw_documents rows
-- stay and point to the published document, as a later run's copy of a published file would.
DELETE FROM main.blocks WHERE list_contains($1::VARCHAR[], doc_id);
DELETE FROM main.comments WHERE list_contains($1::VARCHAR[], doc_id);
DELETE FROM main.sentences WHERE list_contains($1::VARCHAR[], doc_id);
DELETE FROM main.entity_mentions WHERE list_contains($1::VARCHAR[], doc_id);
DELETE FROM main.document_signatures WHERE list_contains($1::VARCHAR[], doc_id);
DELETE FROM main.document_bands WHERE list_contains($1::VARCHAR[], doc_id);
DELETE FROM main.block_fingerprints WHERE list_contains($1::VARCHAR[], doc_id);
DELETE FROM main.sentence_fingerprints WHERE list_contains($1::VARCHAR[], doc_id);
DELETE FROM main.documents WHERE list_contains($1::VARCHAR[], doc_id)
