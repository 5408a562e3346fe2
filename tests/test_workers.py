"""Loading and checking in forked workers gives what one process gives."""

from __future__ import annotations

import os
import threading

import pytest

from benchmarks.generate import generate
from benchmarks.seeding import seed_broken_links
from policybook import checks, loading, workers
from policybook.checks import run_checks
from policybook.formatters.text import line
from policybook.loading import load_handbook


def test_tasks_run_in_children_and_come_back_in_order():
    results = workers.run_all([os.getpid, os.getpid, os.getpid], jobs=3)
    assert results[0] == os.getpid()
    assert len(set(results)) == 3


def test_a_failing_child_is_reported_with_its_traceback():
    def fails() -> None:
        raise ValueError("broken on purpose")

    with pytest.raises(workers.WorkerError, match="broken on purpose"):
        workers.run_all([os.getpid, fails], jobs=2)


def test_a_child_that_dies_without_a_result_is_reported():
    def dies() -> None:
        os._exit(0)  # as if killed: nothing written back

    with pytest.raises(workers.WorkerError, match="without a whole result"):
        workers.run_all([os.getpid, dies], jobs=2)


def test_a_large_result_comes_back_whole():
    # Far more than a pipe holds: the child must not wait for this process to read.
    big = workers.run_all([lambda: "here", lambda: [f"{index:06d}" * 50 for index in range(20_000)]], jobs=2)
    assert big[0] == "here" and len(big[1]) == 20_000 and big[1][-1] == "019999" * 50


def test_nothing_forks_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not workers.can_fork()
        assert workers.run_all([os.getpid, os.getpid], jobs=2) == [os.getpid(), os.getpid()]
    finally:
        stop.set()
        thread.join()


def test_too_few_jobs_run_everything_here():
    assert workers.run_all([os.getpid, os.getpid], jobs=1) == [os.getpid()] * 2


def test_a_handbook_loads_and_checks_the_same_in_two_processes(tmp_path, monkeypatch):
    root = generate(tmp_path / "handbook", policies=36, segments=4, locales=("es", "fr"))
    seeded = seed_broken_links(root, 6)
    (root / "policies" / seeded[0].path.split("/")[1] / "broken.md").write_text("---\nid: [\n---\n", "utf-8")
    alone = load_handbook(root)
    single = sorted(line(d) for d in run_checks(alone))
    monkeypatch.setattr(loading, "PARALLEL_FROM", 1)
    monkeypatch.setattr(checks, "PARALLEL_FROM", 1)
    shares = []

    def counted(tasks, jobs):
        shares.append(len(tasks))
        return workers.run_all(tasks, jobs)

    monkeypatch.setattr(loading, "run_all", counted)
    monkeypatch.setattr(checks, "run_all", counted)
    shared = load_handbook(root, jobs=2)
    assert [d.path for d in shared.documents] == [d.path for d in alone.documents]
    assert [d.meta for d in shared.documents] == [d.meta for d in alone.documents]
    assert sorted(map(line, shared.diagnostics)) == sorted(map(line, alone.diagnostics))
    assert sorted(line(d) for d in run_checks(shared, jobs=2)) == single
    assert shares == [2, 2]  # both the loading and the checks were shared out
    monkeypatch.setattr(loading, "PARALLEL_FROM", len(shared.documents))
    shares.clear()
    load_handbook(root, jobs=1000)
    assert shares == [2]  # no worker for fewer than half PARALLEL_FROM pages, however many jobs are asked for
    assert all(any(link.token in entry for entry in single) for link in seeded)
    assert any("broken.md" in entry for entry in single)


def test_locale_builds_run_in_even_batches_that_keep_every_processor_busy():
    from policybook.cli.build import at_once

    assert at_once(1, 2) == 1
    assert at_once(2, 2) == 2
    assert at_once(5, 2) == 3  # three then two, not two, two and one alone
    assert at_once(6, 2) == 3
    assert at_once(12, 2) == 4
    assert at_once(3, 8) == 3
