-- How many rows {table} has in the lake, and how many the run staged: (published, staged).
SELECT (SELECT count(*) FROM lake.{table}), (SELECT count(*) FROM {table})
