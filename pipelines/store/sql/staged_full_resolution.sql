-- Whether the run staged a full resolution (its state then replaces the published one); NULL: none.
SELECT bool_or(full_resolution) FROM main.entity_resolutions
