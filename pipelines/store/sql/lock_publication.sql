-- Every publication updates the one row of publication_lock: of two committing at once, DuckLake
-- refuses the second (a TransactionException, retried) instead of merging them. $1 = run_id.
UPDATE {lake}.publication_lock SET run_id = $1, published_at = now()
