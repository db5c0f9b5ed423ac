-- Documents of the run whose body text still holds one of quality.yaml's boilerplate phrases.
WITH found AS (
    SELECT doc_id, list_filter($phrases, lambda phrase: contains(body_text, phrase)) AS phrases
    FROM documents
    WHERE run_id = $run_id
)
SELECT doc_id, 'body_text contains ' || array_to_string(phrases, ', ') AS observed
FROM found
WHERE len(phrases) > 0
