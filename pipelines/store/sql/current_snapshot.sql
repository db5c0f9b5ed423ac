-- The id of the lake's current snapshot.
SELECT id FROM {lake}.current_snapshot()
