-- How many rows of {table} the run staged (a staging table with a run_id column). $1 = run_id.
SELECT count(*) FROM {table} WHERE run_id = $1
