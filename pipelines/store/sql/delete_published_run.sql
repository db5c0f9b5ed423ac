-- Undoing a publication: delete the rows of {table} the run wrote. $1 = run_id.
DELETE FROM {lake}.{table} WHERE run_id = $1
