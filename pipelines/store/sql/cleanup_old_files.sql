-- Delete the files no snapshot uses any more (merged or expired). $1 = the lake's alias.
CALL ducklake_cleanup_old_files($1, cleanup_all => true)
