-- The alias table's fingerprint at the latest published resolution (no row: never resolved).
SELECT aliases_hash FROM lake.entity_resolutions ORDER BY resolved_at DESC LIMIT 1
