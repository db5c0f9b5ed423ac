-- The staged rows of documents another run published since this run read them leave this run: the lake
-- holds each once. The run's raw_documents rows stay and point to the published document, as a later
-- run's copy of a published file would.
CREATE OR REPLACE TEMP TABLE published_meanwhile AS
SELECT doc_id
FROM main.documents
WHERE doc_id IN (SELECT doc_id FROM lake.documents WHERE doc_id IN (SELECT doc_id FROM main.documents));
DELETE FROM main.blocks WHERE doc_id IN (SELECT doc_id FROM published_meanwhile);
DELETE FROM main.comments WHERE doc_id IN (SELECT doc_id FROM published_meanwhile);
DELETE FROM main.sentences WHERE doc_id IN (SELECT doc_id FROM published_meanwhile);
DELETE FROM main.entity_mentions WHERE doc_id IN (SELECT doc_id FROM published_meanwhile);
DELETE FROM main.document_signatures WHERE doc_id IN (SELECT doc_id FROM published_meanwhile);
DELETE FROM main.document_bands WHERE doc_id IN (SELECT doc_id FROM published_meanwhile);
DELETE FROM main.block_fingerprints WHERE doc_id IN (SELECT doc_id FROM published_meanwhile);
DELETE FROM main.sentence_fingerprints WHERE doc_id IN (SELECT doc_id FROM published_meanwhile);
DELETE FROM main.documents WHERE doc_id IN (SELECT doc_id FROM published_meanwhile);
DROP TABLE published_meanwhile
