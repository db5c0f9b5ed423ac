-- Documents of the run whose word count is outside quality.yaml's word_count bounds.
SELECT doc_id, 'word_count ' || word_count || ' outside ' || $low || '..' || $high AS observed
FROM documents
WHERE run_id = $run_id AND (word_count < $low OR word_count > $high)
