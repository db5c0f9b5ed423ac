-- How many rows of {table} (a table with a source column) a source has once the run is published: the
-- lake's plus the ones staged by the run. $1 = source.
SELECT (SELECT count(*) FROM lake.{table} WHERE source = $1)
     + (SELECT count(*) FROM {table} WHERE source = $1)
