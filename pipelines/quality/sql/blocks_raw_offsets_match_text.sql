-- Blocks of the run whose raw_start/raw_end do not point at the block text in the text the blocks were
-- cut from: documents.extracted_text for HTML, else raw_text of the document's raw record.
-- substr() counts characters from the start of its string, so reading every block from the whole text
-- would cost the text's length per block (1,800 dumps: 0.9 s). A text of up to 131,072 characters is read
-- in windows instead: one per 1,024 characters in which a block starts, reaching to the furthest end of
-- those blocks, each block read from its window (0.25 s). Windows cost a text's length squared over 2,048,
-- so a longer text is cut once into 512-character chunks and each block reads only the chunks its span
-- covers (a join on doc_id, chunk): linear in the text's length.
WITH sources AS MATERIALIZED (
    SELECT d.doc_id, d.extracted_text IS NOT NULL AS from_extracted_text,
           coalesce(d.extracted_text, r.raw_text) AS cut_from
    FROM documents AS d
    LEFT JOIN raw_documents AS r ON r.raw_id = d.raw_id
    WHERE d.doc_id IN (SELECT doc_id FROM blocks WHERE run_id = $run_id)
),
texts AS MATERIALIZED (
    SELECT doc_id, from_extracted_text, cut_from, length(cut_from) AS cut_from_length,
           coalesce(length(cut_from) > 131072, false) AS chunked
    FROM sources
),
spans AS (
    SELECT b.doc_id, b.block_index, b.raw_start, b.raw_end, b.text AS block_text, t.from_extracted_text,
           t.cut_from_length, t.chunked, b.raw_start // 1024 AS window_index,
           coalesce(b.raw_start >= 0 AND b.raw_end >= b.raw_start AND b.raw_end <= t.cut_from_length,
                    false) AS readable
    FROM blocks AS b
    JOIN texts AS t USING (doc_id)
    WHERE b.run_id = $run_id
),
text_windows AS (
    SELECT w.doc_id, w.window_index,
           substr(t.cut_from, w.window_index * 1024 + 1, w.window_end - w.window_index * 1024) AS window_text
    FROM (
        SELECT doc_id, window_index, max(raw_end) AS window_end
        FROM spans
        WHERE readable AND NOT chunked
        GROUP BY doc_id, window_index
    ) AS w
    JOIN texts AS t USING (doc_id)
),
chunks AS (
    SELECT doc_id, unnest(range(len(pieces))) AS chunk, unnest(pieces) AS piece
    FROM (SELECT doc_id, regexp_extract_all(cut_from, '(?s).{{1,512}}') AS pieces FROM texts WHERE chunked)
),
covered AS (
    SELECT doc_id, block_index, unnest(range(raw_start // 512, (raw_end + 511) // 512)) AS chunk
    FROM spans
    WHERE readable AND chunked AND raw_end > raw_start
),
windows AS (
    SELECT v.doc_id, v.block_index, min(v.chunk) AS first_chunk,
           string_agg(c.piece, '' ORDER BY c.chunk) AS window_text
    FROM covered AS v
    JOIN chunks AS c USING (doc_id, chunk)
    GROUP BY v.doc_id, v.block_index
),
located AS (
    SELECT s.doc_id, s.block_index, s.raw_start, s.raw_end, s.block_text, s.from_extracted_text,
           s.cut_from_length, t.cut_from IS NULL AS missing,
           CASE
               WHEN NOT s.readable THEN NULL
               WHEN s.raw_end = s.raw_start THEN ''
               WHEN s.chunked
                   THEN substr(w.window_text, s.raw_start - w.first_chunk * 512 + 1, s.raw_end - s.raw_start)
               ELSE substr(tw.window_text, s.raw_start - s.window_index * 1024 + 1, s.raw_end - s.raw_start)
           END AS text_at_offsets
    FROM spans AS s
    JOIN texts AS t USING (doc_id)
    LEFT JOIN windows AS w USING (doc_id, block_index)
    LEFT JOIN text_windows AS tw USING (doc_id, window_index)
)
SELECT doc_id, block_index, raw_start, raw_end, from_extracted_text, cut_from_length, text_at_offsets,
       block_text
FROM located
WHERE missing OR raw_start < 0 OR raw_end < raw_start OR raw_end > cut_from_length
   OR coalesce(text_at_offsets, '') <> block_text
