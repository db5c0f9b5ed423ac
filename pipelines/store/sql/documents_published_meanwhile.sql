-- Documents this run staged that the lake holds already: another run published the same text since this
-- run read it (batches side by side, the same file content in both). Any row means withdraw them first.
SELECT doc_id
FROM main.documents
WHERE doc_id IN (SELECT doc_id FROM lake.documents WHERE doc_id IN (SELECT doc_id FROM main.documents))
ORDER BY doc_id
