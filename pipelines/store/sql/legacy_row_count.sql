-- How many rows a table of the attached single-file warehouse has: what migrate reports as copied.
SELECT count(*) FROM {legacy}.{table}
