-- The run's documents, sentences and mentions per source as they stand at publication (after the audit's
-- quarantine and any withdrawal of documents another run published meanwhile): what the lake receives.
SELECT d.source,
       count(*) AS new_documents,
       coalesce(sum(s.sentences), 0) AS new_sentences,
       coalesce(sum(m.mentions), 0) AS new_mentions
FROM main.documents AS d
LEFT JOIN (SELECT doc_id, count(*) AS sentences FROM main.sentences GROUP BY doc_id) AS s USING (doc_id)
LEFT JOIN (SELECT doc_id, count(*) AS mentions FROM main.entity_mentions GROUP BY doc_id) AS m USING (doc_id)
GROUP BY d.source
ORDER BY d.source
