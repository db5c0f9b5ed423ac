-- The run's new documents of a source with the body spans of their kept blocks, for the NLP stage.
-- $1 = source, $2 = run_id.
SELECT d.doc_id, d.body_text,
       list({'block_index': b.block_index, 'start': b.body_start, 'end': b.body_end,
             'is_heading': b.kind = 'heading'} ORDER BY b.block_index)
         FILTER (WHERE b.kept) AS spans
FROM documents d LEFT JOIN blocks b USING (doc_id)
WHERE d.source = $1 AND d.run_id = $2
GROUP BY d.doc_id, d.body_text
ORDER BY d.doc_id
