-- How many expectation results the run recorded in the lake (none: no suite ran). $1 = run_id.
SELECT count(*) FROM lake.dq_results WHERE run_id = $1
