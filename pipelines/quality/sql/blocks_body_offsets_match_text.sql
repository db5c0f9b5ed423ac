-- Blocks of the run whose body_start/body_end do not fit documents.body_text: set when not kept (or
-- missing when kept), outside the body, or pointing at text that is not part of the block.
-- Linear in a body's length: substr() counts characters from the start of its string, so on a long body
-- (over 32,768 characters) it would cost the body's length for every block. Such a body is cut once into
-- 512-character chunks and each block reads only the chunks its span covers (a join on doc_id, chunk).
WITH bodies AS MATERIALIZED (
    SELECT doc_id, body_text, length(body_text) AS body_length, length(body_text) > 32768 AS chunked
    FROM documents
    WHERE doc_id IN (SELECT doc_id FROM blocks WHERE run_id = $run_id)
),
spans AS (
    SELECT b.doc_id, b.block_index, b.kept, b.body_start, b.body_end, b.text AS block_text, d.body_length,
           d.chunked,
           coalesce(b.kept AND b.body_start >= 0 AND b.body_start <= b.body_end
                    AND b.body_end <= d.body_length, false) AS readable
    FROM blocks AS b
    JOIN bodies AS d USING (doc_id)
    WHERE b.run_id = $run_id
),
chunks AS (
    SELECT doc_id, unnest(range(len(pieces))) AS chunk, unnest(pieces) AS piece
    FROM (SELECT doc_id, regexp_extract_all(body_text, '(?s).{{1,512}}') AS pieces FROM bodies WHERE chunked)
),
covered AS (
    SELECT doc_id, block_index, unnest(range(body_start // 512, (body_end + 511) // 512)) AS chunk
    FROM spans
    WHERE readable AND chunked AND body_end > body_start
),
windows AS (
    SELECT v.doc_id, v.block_index, min(v.chunk) AS first_chunk,
           string_agg(c.piece, '' ORDER BY c.chunk) AS window_text
    FROM covered AS v
    JOIN chunks AS c USING (doc_id, chunk)
    GROUP BY v.doc_id, v.block_index
),
located AS (
    SELECT s.doc_id, s.block_index, s.kept, s.body_start, s.body_end, s.body_length, s.readable,
           CASE
               WHEN NOT s.readable THEN NULL
               WHEN s.body_end = s.body_start THEN ''
               WHEN s.chunked
                   THEN substr(w.window_text, s.body_start - w.first_chunk * 512 + 1, s.body_end - s.body_start)
               ELSE substr(d.body_text, s.body_start + 1, s.body_end - s.body_start)
           END AS body_text_at_offsets,
           s.block_text
    FROM spans AS s
    JOIN bodies AS d USING (doc_id)
    LEFT JOIN windows AS w USING (doc_id, block_index)
)
SELECT doc_id, block_index, kept, body_start, body_end, body_length, body_text_at_offsets, block_text
FROM located
WHERE CASE
        WHEN NOT kept THEN body_start IS NOT NULL OR body_end IS NOT NULL
        WHEN body_start IS NULL OR body_end IS NULL THEN true
        WHEN NOT readable THEN true
        ELSE coalesce(strpos(block_text, body_text_at_offsets) = 0, true)
      END
