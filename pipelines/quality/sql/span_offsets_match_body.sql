-- Rows of the run in {table} whose offsets fall outside documents.body_text or whose text differs from
-- substr(body_text, start_char + 1, end_char - start_char).
-- Linear in a body's length: substr() counts characters from the start of its string, so on a long body
-- (over 32,768 characters) it would cost the body's length for every row. Such a body is cut once into
-- 512-character chunks and each row reads only the chunks its span covers (a join on doc_id, chunk).
WITH bodies AS MATERIALIZED (
    SELECT doc_id, body_text, length(body_text) AS body_length, length(body_text) > 32768 AS chunked
    FROM documents
    WHERE doc_id IN (SELECT doc_id FROM {table} WHERE run_id = $run_id)
),
spans AS (
    SELECT s.*, d.body_length, d.chunked,
           coalesce(s.start_char >= 0 AND s.end_char > s.start_char AND s.end_char <= d.body_length,
                    false) AS readable
    FROM {table} AS s
    JOIN bodies AS d USING (doc_id)
    WHERE s.run_id = $run_id
),
chunks AS (
    SELECT doc_id, unnest(range(len(pieces))) AS chunk, unnest(pieces) AS piece
    FROM (SELECT doc_id, regexp_extract_all(body_text, '(?s).{{1,512}}') AS pieces FROM bodies WHERE chunked)
),
covered AS (
    SELECT {key}, unnest(range(start_char // 512, (end_char + 511) // 512)) AS chunk
    FROM spans
    WHERE readable AND chunked
),
windows AS (
    SELECT {key}, min(chunk) AS first_chunk, string_agg(piece, '' ORDER BY chunk) AS window_text
    FROM covered
    JOIN chunks USING (doc_id, chunk)
    GROUP BY {key}
),
located AS (
    SELECT s.*,
           CASE
               WHEN NOT s.readable THEN NULL
               WHEN s.chunked
                   THEN substr(w.window_text, s.start_char - w.first_chunk * 512 + 1, s.end_char - s.start_char)
               ELSE substr(d.body_text, s.start_char + 1, s.end_char - s.start_char)
           END AS body_text_at_offsets
    FROM spans AS s
    JOIN bodies AS d USING (doc_id)
    LEFT JOIN windows AS w USING ({key})
)
SELECT {key}, start_char, end_char, body_length, text, body_text_at_offsets
FROM located
WHERE start_char < 0 OR end_char <= start_char OR end_char > body_length
   OR coalesce(body_text_at_offsets, '') <> text
