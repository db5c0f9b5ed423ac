-- How many rows {table} has in the run's staging file.
SELECT count(*) FROM {table}
