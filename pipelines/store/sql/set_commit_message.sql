-- Tag the transaction's DuckLake snapshot, so it can be found again (publications, rollback, history).
-- $1 = the message: 'publish <run_id>', 'rollback <run_id>', 'migrate <file>' or 'schema <version>'.
CALL {lake}.set_commit_message('pipelines', $1)
