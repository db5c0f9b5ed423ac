-- Kept blocks of the run whose body span starts before the previous kept block's span ends.
WITH kept AS (
    SELECT doc_id, block_index, body_start, body_end,
           lag(body_end) OVER (PARTITION BY doc_id ORDER BY block_index) AS previous_body_end
    FROM blocks
    WHERE run_id = $run_id AND kept AND body_start IS NOT NULL
)
SELECT doc_id, block_index, body_start, body_end, previous_body_end
FROM kept
WHERE body_start < previous_body_end
