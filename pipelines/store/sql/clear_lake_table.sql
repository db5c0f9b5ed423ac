-- Empty a published table whose rows a full entity resolution replaces as a whole (then copies in).
DELETE FROM {lake}.{table}
