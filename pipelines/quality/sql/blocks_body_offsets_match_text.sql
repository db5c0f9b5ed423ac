-- Blocks of the run whose body_start/body_end do not fit documents.body_text: set when not kept (or
-- missing when kept), outside the body, or pointing at text that is not part of the block.
SELECT b.doc_id, b.block_index, b.kept, b.body_start, b.body_end, length(d.body_text) AS body_length,
       substr(d.body_text, b.body_start + 1, b.body_end - b.body_start) AS body_text_at_offsets,
       b.text AS block_text
FROM blocks AS b
JOIN documents AS d USING (doc_id)
WHERE b.run_id = $run_id
  AND CASE
        WHEN NOT b.kept THEN b.body_start IS NOT NULL OR b.body_end IS NOT NULL
        WHEN b.body_start IS NULL OR b.body_end IS NULL THEN true
        WHEN b.body_start < 0 OR b.body_end < b.body_start OR b.body_end > length(d.body_text) THEN true
        ELSE strpos(b.text, substr(d.body_text, b.body_start + 1, b.body_end - b.body_start)) = 0
      END
