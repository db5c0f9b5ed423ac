"""Imported by the worker pool's fork server (pool.PRELOAD): the run's spaCy model is loaded there once,
while the run is still ingesting, so that each forked worker starts with it instead of loading it at its
first NLP chunk, on the stage's clock."""

from pipelines.nlp.analyzer import preload_model

preload_model()
