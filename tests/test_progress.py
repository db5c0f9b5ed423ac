"""Progress lines of long stage work: throttled, with a rate and time left, silent for quick work."""

from __future__ import annotations

import logging

import pytest

from pipelines.progress import (
    LOGGER_NAME,
    StageProgress,
    console_progress_handler,
    duration_text,
    progress_interval,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME]


def test_lines_are_throttled_and_carry_rate_and_time_left(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    progress = StageProgress("nlp", "world_desk", total=3000, unit="documents", interval=5, clock=clock)
    for _ in range(40):  # 40 steps of 30 documents, 1 s apart
        clock.now += 1
        progress.advance(30)
    clock.now += 0.5
    progress.advance(0)
    assert len(lines(caplog)) == 8  # one line per 5 s, not one per step
    assert lines(caplog)[0] == "nlp world_desk: 150/3,000 documents (5%), 30/s, about 1m 35s left"
    assert lines(caplog)[-1] == "nlp world_desk: 1,200/3,000 documents (40%), 30/s, about 1m 00s left"
    progress.finish()
    progress.finish()  # once only
    assert lines(caplog)[-1] == "nlp world_desk: done, 1,200 documents in 40s (30/s)"
    assert len(lines(caplog)) == 9


def test_quick_work_is_silent(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    with StageProgress("clean", "opinion_blog", total=5, interval=5, clock=clock) as progress:
        for _ in range(5):
            clock.now += 0.9
            progress.advance()
    assert lines(caplog) == []


def test_unknown_total_has_no_share_and_no_estimate(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    progress = StageProgress("ingest", "newswire_jsonl", total=None, unit="records", interval=5, clock=clock)
    clock.now += 6
    progress.update(1200)
    assert lines(caplog) == ["ingest newswire_jsonl: 1,200 records, 200/s"]
    clock.now += 2
    progress.update(1210)  # within the interval: nothing
    assert len(lines(caplog)) == 1


def test_slow_units_and_long_estimates() -> None:
    clock = FakeClock()
    progress = StageProgress("ingest", "crawl_warc", total=500, unit="files", interval=5, clock=clock)
    clock.now += 10
    progress.done = 4
    assert progress.line(clock.now) == "ingest crawl_warc: 4/500 files (0%), 0.4/s, about 20m 40s left"
    assert duration_text(7400) == "2h 03m"
    assert duration_text(0.4) == "0s"


def test_interval_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWS_PROGRESS_SECONDS", raising=False)
    assert progress_interval() == 5
    monkeypatch.setenv("NEWS_PROGRESS_SECONDS", "0.5")
    assert progress_interval() == 0.5
    monkeypatch.setenv("NEWS_PROGRESS_SECONDS", "soon")
    assert progress_interval() == 5


def test_console_handler_writes_plain_lines(capsys: pytest.CaptureFixture[str]) -> None:
    log = logging.getLogger(LOGGER_NAME)
    handler = console_progress_handler()
    log.addHandler(handler)
    try:
        clock = FakeClock()
        progress = StageProgress("clean", "world_desk", total=10, interval=1, clock=clock)
        clock.now += 2
        progress.advance(5)
    finally:
        log.removeHandler(handler)
    assert "clean world_desk: 5/10 documents (50%), 2.5/s, about 2s left\n" in capsys.readouterr().err
