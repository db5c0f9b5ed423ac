-- Which documents, published or staged by the run, share one of the LSH bands asked (_bands: band).
SELECT DISTINCT doc_id FROM lake.document_bands WHERE band IN (SELECT band FROM _bands)
UNION SELECT doc_id FROM document_bands WHERE band IN (SELECT band FROM _bands)
