-- Link a staged document to the document it nearly repeats. $1 = doc_id, $2 = the original's doc_id.
UPDATE main.documents SET near_duplicate_of = $2 WHERE doc_id = $1
