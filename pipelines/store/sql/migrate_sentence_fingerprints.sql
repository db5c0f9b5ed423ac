-- The seven-day duplicate-sentence state of a migrated warehouse, from its sentences and documents.
INSERT INTO lake.sentence_fingerprints (source, day, fingerprint, doc_id, sentence_index, run_id)
SELECT d.source, coalesce(d.published_date, CAST(d.ingested_at AS DATE)), left(md5(s.text), 16),
       s.doc_id, s.sentence_index, s.run_id
FROM legacy.sentences s
JOIN legacy.documents d USING (doc_id);
