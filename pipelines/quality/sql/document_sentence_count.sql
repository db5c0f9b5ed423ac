-- Documents of the run with sentences whose sentence count is outside quality.yaml's
-- sentences_per_document bounds (a document without any is the share rule's concern).
SELECT doc_id, 'sentence_count ' || count(*) || ' outside ' || $low || '..' || $high AS observed
FROM sentences
WHERE run_id = $run_id
GROUP BY doc_id
HAVING count(*) < $low OR count(*) > $high
