"""Every core: the worker pool gives the same records as one process, in order, fails loudly, and is
started once per process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from itertools import count, islice
from pathlib import Path

import pytest

import pipelines.nlp.analyzer as analyzer_module
import pipelines.pool as pool_module
from pipelines.nlp import Analyzer, body_spans
from pipelines.nlp.analyzer import DEFAULT_MODEL, preload_model
from pipelines.pool import WorkerProcessError, chunked, run_pool, usable_cores, workers_from_env
from tests.process_helpers import alive, gone_within

REPO = Path(__file__).resolve().parents[2]


def sample_docs() -> list[tuple[str, str, list]]:
    """The bundled plain-text dumps of raw/, as (doc_id, text, paragraph spans)."""
    paths = sorted(p for p in (REPO / "raw").rglob("*.txt") if p.is_file())
    texts = [(p.name, p.read_text(encoding="utf-8").replace("\r\n", "\n")) for p in paths]
    return [(name, text, body_spans(text)) for name, text in texts]


def test_two_workers_give_the_same_records_as_one_process(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = sample_docs()
    assert len(docs) >= 6
    calls = []
    real = pool_module.run_pool

    def counted(*args: object, **kwargs: object) -> Iterator[object]:
        calls.append(kwargs["workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(pool_module, "run_pool", counted)
    single = list(Analyzer(n_process=1).analyze(docs))
    pooled = list(Analyzer(n_process=2, chunk_docs=2).analyze(docs))
    assert calls == [2]  # the pool really ran
    assert [d.doc_id for d in pooled] == [d for d, _, _ in docs]
    assert pooled == single
    assert sum(len(d.mentions) for d in pooled) > 20


def test_with_workers_only_they_load_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The step's own process does not load a model it would not use (0.24 s and its memory)."""

    def not_here(model_name: str) -> None:
        raise AssertionError(f"{model_name} was loaded in the step's process")

    monkeypatch.setattr(analyzer_module, "load_ner", not_here)  # the workers import their own copy
    docs = sample_docs()
    assert [d.doc_id for d in Analyzer(n_process=2, chunk_docs=2).analyze(docs)] == [d for d, _, _ in docs]


def test_a_model_that_cannot_load_fails_the_stage_not_every_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """A model name that nothing installs is refused when the Analyzer is made; a model that fails as it
    loads stops the analysis instead of coming back as one DocumentFailure per document (a quarantine)."""
    with pytest.raises(OSError, match="'no_such_model' not found"):
        Analyzer("no_such_model")

    def broken(model_name: str) -> None:
        raise RuntimeError(f"{model_name}: damaged model files")

    monkeypatch.setattr(analyzer_module, "load_ner", broken)
    with pytest.raises(RuntimeError, match="damaged model files"):
        list(Analyzer(n_process=1).analyze_isolated(sample_docs()[:2]))


def test_little_work_stays_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for one chunk of work")

    monkeypatch.setattr(pool_module, "run_pool", no_pool)
    docs = sample_docs()[:3]
    (first, *_) = Analyzer(n_process=2, chunk_docs=10).analyze(docs)
    assert first.doc_id == docs[0][0]


def test_worker_count_from_the_environment() -> None:
    assert workers_from_env({}) == usable_cores() == len(os.sched_getaffinity(0))
    assert workers_from_env({"NEWS_NLP_PROCESSES": " 3 "}) == 3
    for bad in ("0", "-2", "two", "1.5"):
        with pytest.raises(ValueError, match="NEWS_NLP_PROCESSES"):
            workers_from_env({"NEWS_NLP_PROCESSES": bad})
    with pytest.raises(ValueError, match="NEWS_NLP_PROCESSES"):
        Analyzer(n_process=0)


def test_chunks_close_on_documents_or_characters() -> None:
    docs = [(str(i), "x" * size, []) for i, size in enumerate([5, 5, 20, 1, 1, 1])]
    sizes = [[d for d, _, _ in chunk] for chunk in chunked(docs, max_docs=3, max_chars=10)]
    assert sizes == [["0", "1"], ["2"], ["3", "4", "5"]]


def _double(chunk: list[int]) -> list[int]:
    return [2 * x for x in chunk]


def _die(chunk: list[int]) -> list[int]:
    if chunk[0] >= 4:
        os._exit(9)  # as the kernel's OOM killer would end it: no exception, no cleanup
    return chunk


def test_pool_keeps_order_and_a_bounded_window() -> None:
    pulled = []

    def endless() -> Iterator[list[int]]:
        for i in count():
            pulled.append(i)
            yield [i, i]

    results = run_pool(endless(), _double, workers=2, in_flight=3)
    assert list(islice(results, 10)) == [0, 0, 2, 2, 4, 4, 6, 6, 8, 8]
    assert len(pulled) <= 5 + 3 + 1  # consumed chunks plus the window, not the endless input
    results.close()  # stopping early drops the chunks not started; the workers stay for the next stage


def _worker_pid(chunk: list[int]) -> list[int]:
    time.sleep(0.05)  # long enough for both workers to take a chunk
    return [os.getpid() for _ in chunk]


def test_make_runs_module_does_not_load_the_pipeline_into_every_worker() -> None:
    """Each worker process imports the module of `python -m pipelines.run` again when it starts (the
    forkserver and spawn start methods do so): spaCy, pandas, Dagster or GX there would cost every worker
    about a second of CPU, taken from the run's own work on a 2-core machine."""
    heavy = ("spacy", "pandas", "dagster", "datasketch", "great_expectations")
    probe = f"import sys, pipelines.run; print([m for m in {heavy!r} if m in sys.modules])"
    imported = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert imported == "[]"


def test_the_runs_own_process_does_not_import_spacy_when_workers_do_the_nlp() -> None:
    """make run's process builds the definitions, the runner and an Analyzer with workers; spaCy (about
    0.45 s of imports at start) is for the processes that load the model: here, the workers only."""
    probe = (
        "import sys, pipelines.definitions, pipelines.lib.runner; from pipelines.nlp import Analyzer; "
        "Analyzer(n_process=2); print('spacy' in sys.modules)"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert imported == "False"


def test_a_new_worker_starts_with_the_model_the_fork_server_loaded() -> None:
    """The fork server loads the run's model once, while the run is still ingesting: a worker's first NLP
    chunk does not wait for a load of its own (about 0.3 s on the stage's clock), and the run's own process
    loads none."""
    probe = (
        "from pipelines import pool\nfrom tests.process_helpers import models_loaded\n"
        "if __name__ == '__main__':\n"
        "    print(pool._SHARED.get(2).submit(models_loaded).result(), models_loaded())"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == ["1", "0"]


def test_a_model_the_fork_server_cannot_load_is_left_to_the_worker_that_needs_it() -> None:
    """A model that is not installed does not stop the fork server (every worker would fail to start);
    the Analyzer refuses it by name instead."""
    assert preload_model({"NEWS_SPACY_MODEL": "no_such_model"}) is None
    assert preload_model({}) == DEFAULT_MODEL


def test_the_workers_are_started_once_per_process_and_serve_every_stage() -> None:
    first = set(run_pool(([i] for i in range(8)), _worker_pid, workers=2))
    doubled = list(run_pool(([i] for i in range(4)), _double, workers=2))
    second = set(run_pool(([i] for i in range(8)), _worker_pid, workers=2))
    assert doubled == [0, 2, 4, 6]
    assert len(first) == 2 and os.getpid() not in first
    assert second == first  # the same processes: no start-up paid again


def test_a_dead_worker_is_an_error_not_a_hang_and_the_next_stage_gets_fresh_workers() -> None:
    before = set(run_pool(([i] for i in range(8)), _worker_pid, workers=2))
    started = time.monotonic()
    with pytest.raises(WorkerProcessError, match="a worker process died"):
        list(run_pool(([i] for i in range(50)), _die, workers=2))
    assert time.monotonic() - started < 60
    after = set(run_pool(([i] for i in range(8)), _worker_pid, workers=2))
    assert len(after) == 2 and not after & before


KILLED_RUN = """
import os, sys, time
sys.path.insert(0, {repo!r})
from pipelines.pool import run_pool

def pid(chunk):
    time.sleep(0.05)
    return [os.getpid() for _ in chunk]

if __name__ == "__main__":
    print(*sorted(set(run_pool(([i] for i in range(8)), pid, workers=2))), flush=True)
    time.sleep(600)
"""


def test_the_workers_exit_when_the_run_process_is_killed(tmp_path: Path) -> None:
    """kill -9 of a run must not leave its workers (each holding a model) waiting forever."""
    script = tmp_path / "killed_run.py"
    script.write_text(KILLED_RUN.format(repo=str(REPO)), encoding="utf-8")
    run = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in run.stdout.readline().split()]
        assert len(workers) == 2 and all(alive(pid) for pid in workers)
    finally:
        run.kill()
        run.wait()
    assert gone_within(workers, seconds=30)


BATCH_PROCESS = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from multiprocessing.util import Finalize
sys.path.insert(0, {repo!r})

def batch(report):
    from pipelines.pool import run_pool
    from pipelines.quality.config import load_quality_config
    from pipelines.quality.worker_client import shared_check_worker

    checker = shared_check_worker(load_quality_config())
    pids = sorted(set(run_pool(([i] for i in range(8)), pid, workers=2)))

    def exit_codes():  # priority 0: after the pipeline's own stops, as the process ends
        with open(report, "w") as out:
            print(checker._process.exitcode, *pids, file=out)

    Finalize(None, exit_codes, exitpriority=0)

def pid(chunk):
    time.sleep(0.05)  # long enough for both workers to take a chunk
    return [os.getpid() for _ in chunk]

if __name__ == "__main__":
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as batches:
        batches.submit(batch, sys.argv[1]).result()
"""


def test_a_batch_process_with_a_pool_and_a_check_worker_ends_and_stops_them(tmp_path: Path) -> None:
    """Batches side by side: each batch process stops its pool and its check worker as it ends. Its
    workers used to wait for a stop word that multiprocessing's own exit had made undeliverable: the
    batch process hung for ever with a pool, and 30 s with a check worker before killing it."""
    script, report = tmp_path / "batch_process.py", tmp_path / "report.txt"
    script.write_text(BATCH_PROCESS.format(repo=str(REPO)), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(report)], timeout=300, check=False)
    assert done.returncode == 0
    check_worker_exit, *workers = (int(value) for value in report.read_text(encoding="utf-8").split())
    assert check_worker_exit == 0  # it stopped when asked; -9 is the kill after the 30 s wait
    assert len(workers) == 2 and gone_within(workers, seconds=30)


def test_a_big_batch_starts_the_workers_before_its_first_stage_and_a_small_one_does_not() -> None:
    pool_module._SHARED.shutdown()  # no workers left by an earlier test
    assert not pool_module.warm_up(documents=10, workers=2)  # too little work: stays in-process
    assert pool_module._SHARED._pool is None
    assert pool_module.warm_up(documents=1000, workers=2)
    started = pool_module._SHARED._pool
    assert started is not None
    serving = set(run_pool(([i] for i in range(8)), _worker_pid, workers=2))
    assert pool_module._SHARED._pool is started and len(serving) == 2  # the stage got the warmed workers
