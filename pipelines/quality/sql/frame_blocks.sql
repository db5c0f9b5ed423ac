-- The run's blocks as Great Expectations validates them (text left out: offsets are checked in SQL).
SELECT doc_id, block_index, kind, kept, reason, score, raw_start, raw_end, body_start, body_end
FROM blocks
WHERE run_id = $run_id
