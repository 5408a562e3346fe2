"""Forked workers: spread a one-shot command's work over the processors without copying the handbook.

Loading and checking a large handbook is pure Python, so threads do not help and a pool of fresh
processes would first have to receive the handbook (pickling it costs more than checking it).
A forked child starts with the parent's memory as it was at the fork, shared copy-on-write, so
only each task's result comes back, pickled into an unnamed file. The parent runs the first task
itself meanwhile.

Forking is only safe while no other thread runs: a child inherits every lock as it was, and one
held by another thread (logging's, the import lock) would never be released. So work runs here,
one task after the other, when another thread is running (a live preview's server), where the
platform cannot fork, or when a single job is asked for. Results are the same either way.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")


class WorkerError(RuntimeError):
    """A forked worker failed or died; the message carries its traceback when there is one."""


def can_fork() -> bool:
    """Whether tasks may run in forked children now (see the module's description)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def jobs_wanted(jobs: int | None) -> int:
    """`jobs`, or the number of processors this process may use when None."""
    if jobs is not None:
        return max(1, jobs)
    affinity = getattr(os, "sched_getaffinity", None)
    return max(1, len(affinity(0)) if affinity else os.cpu_count() or 1)


def run_all(tasks: Sequence[Callable[[], T]], jobs: int = 1) -> list[T]:
    """The result of every task, in order: the first here, the others in forked children.

    With `jobs` below the number of tasks, or when forking is not safe, the tasks run here one
    after the other. A task's exception is raised here, as `WorkerError` when it came from a child.
    """
    if jobs < len(tasks) or len(tasks) < 2 or not can_fork():
        return [task() for task in tasks]
    # Objects alive now are the handbook: exempting them from collection keeps the collector from
    # touching (and so copying) every shared page in each child.
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        children = [_fork(task) for task in tasks[1:]]
    finally:
        if not frozen_before:  # the parent's collections are its own business again
            gc.unfreeze()
    try:
        first = tasks[0]()
    except BaseException:
        for pid, result in children:
            _stop(pid, result)
        raise
    return [first, *(_collect(pid, result) for pid, result in children)]


def _fork(task: Callable[[], Any]) -> tuple[int, BinaryIO]:
    # The result goes to an unnamed file in memory rather than a pipe: a pipe holds 64 KiB, so a
    # child returning thousands of parsed pages would wait for this process to finish its own
    # task and read, and the transfer would add to the time that nothing else runs.
    result = _unnamed_file()
    pid = os.fork()
    if pid:
        return pid, result
    # The child: never return into the parent's code (or its test runner); always leave by _exit.
    status = 0
    try:
        gc.disable()  # a short task: collecting would only copy shared pages
        try:
            outcome: tuple[bool, Any] = (True, task())
        except BaseException:
            outcome = (False, traceback.format_exc())
        pickle.dump(outcome, result, protocol=pickle.HIGHEST_PROTOCOL)
        result.flush()
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _unnamed_file() -> BinaryIO:
    """A file with no name, in memory where the system allows it (no disk space needed)."""
    memfd_create = getattr(os, "memfd_create", None)
    if memfd_create is not None:
        try:
            return os.fdopen(memfd_create("policybook-worker"), "w+b")
        except OSError:
            pass
    return tempfile.TemporaryFile()


def _collect(pid: int, result: BinaryIO) -> Any:
    os.waitpid(pid, 0)
    with result:
        result.seek(0)  # the child wrote through the same open file, and so moved its offset
        try:
            succeeded, value = pickle.load(result)
        except (EOFError, pickle.UnpicklingError):
            succeeded, value = False, "the worker stopped without a whole result"
    if not succeeded:
        raise WorkerError(f"a forked worker failed:\n{value}")
    return value


def _stop(pid: int, result: BinaryIO) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    result.close()
    os.waitpid(pid, 0)
