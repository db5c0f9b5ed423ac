-- In how many published documents of a source each block fingerprint asked (_fingerprints: fingerprint)
-- occurs (block_fingerprints holds a fingerprint once per document). $1 = source.
SELECT fingerprint, count(*) FROM lake.block_fingerprints
WHERE source = $1 AND fingerprint IN (SELECT fingerprint FROM _fingerprints)
GROUP BY fingerprint
