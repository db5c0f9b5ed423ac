-- Keys of the run's rows that occur more than once in the whole table, whatever run wrote the copies.
-- {table} and {key} are filled from a fixed list of table names and key columns, never from user input.
SELECT {key}, count(*) AS copies
FROM {table}
WHERE ({key}) IN (SELECT {key} FROM {table} WHERE run_id = $run_id)
GROUP BY {key}
HAVING count(*) > 1
