-- The lake's live data files and its snapshots: (files, snapshots), before and after maintenance.
SELECT (SELECT count(*) FROM __ducklake_metadata_{lake}.ducklake_data_file WHERE end_snapshot IS NULL),
       (SELECT count(*) FROM {lake}.snapshots())
