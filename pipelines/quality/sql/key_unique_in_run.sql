-- Keys of the run's rows that occur more than once among the staged rows of a table whose published
-- rows the staged ones replace at publication (entities): uniqueness in the lake follows from this.
-- {table} and {key} are filled from a fixed list of table names and key columns, never from user input.
SELECT {key}, count(*) AS copies
FROM {table}
WHERE ({key}) IN (SELECT ({key}) FROM {table} WHERE run_id = $run_id)
GROUP BY {key}
HAVING count(*) > 1
