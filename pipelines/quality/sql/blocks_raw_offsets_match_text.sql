-- Blocks of the run whose raw_start/raw_end do not point at the block text in the text the blocks were
-- cut from: documents.extracted_text for HTML, else raw_text of the document's raw record.
WITH located AS (
    SELECT b.doc_id, b.block_index, b.raw_start, b.raw_end, b.text AS block_text,
           d.extracted_text IS NOT NULL AS from_extracted_text,
           coalesce(d.extracted_text, r.raw_text) AS cut_from
    FROM blocks AS b
    JOIN documents AS d USING (doc_id)
    LEFT JOIN raw_documents AS r ON r.raw_id = d.raw_id
    WHERE b.run_id = $run_id
)
SELECT doc_id, block_index, raw_start, raw_end, from_extracted_text, length(cut_from) AS cut_from_length,
       substr(cut_from, raw_start + 1, raw_end - raw_start) AS text_at_offsets, block_text
FROM located
WHERE cut_from IS NULL OR raw_start < 0 OR raw_end < raw_start OR raw_end > length(cut_from)
   OR substr(cut_from, raw_start + 1, raw_end - raw_start) <> block_text
