-- The run's blocks as Great Expectations validates them: its key, kind and score, the columns its
-- expectations read (offsets and text are checked in SQL). The other columns cost the run a third of the
-- suite's critical path (reading, sending to the check worker, validating: 0.96 s -> 0.70 s on 1,800 dumps).
SELECT doc_id, block_index, kind, score
FROM blocks
WHERE run_id = $run_id
