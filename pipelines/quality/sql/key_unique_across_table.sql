-- Keys of the run's rows that occur more than once among the staged rows and the published table,
-- whatever run wrote the copies. Published rows are only looked at for the run's documents (every key
-- starts with the doc_id, raw_id or entity_id of its row), so the probe stays narrow as the lake grows.
-- {table} and {key} are filled from a fixed list of table names and key columns, never from user input.
WITH run_rows AS (SELECT {key} FROM {table} WHERE run_id = $run_id),
published AS (
    SELECT {key} FROM lake.{table}
    WHERE {first_key} IN (SELECT {first_key} FROM run_rows)
)
SELECT {key}, count(*) AS copies
FROM (SELECT {key} FROM {table} UNION ALL SELECT {key} FROM published)
WHERE ({key}) IN (SELECT ({key}) FROM run_rows)
GROUP BY {key}
HAVING count(*) > 1
