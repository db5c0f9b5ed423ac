-- Keys of the run's rows that occur more than once among the staged rows, for the tables where that is
-- enough for uniqueness across the lake (quality/tables.py: KEY_UNIQUE_IN_RUN says why).
-- {table} and {key} are filled from a fixed list of table names and key columns, never from user input.
SELECT {key}, count(*) AS copies
FROM {table}
WHERE ({key}) IN (SELECT ({key}) FROM {table} WHERE run_id = $run_id)
GROUP BY {key}
HAVING count(*) > 1
