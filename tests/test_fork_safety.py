"""A process forked after finagent has gathered data (multiprocessing's default on Linux, or a
mutation-testing runner) can gather again: the shared worker pool is not inherited half-dead."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from finagent.testing.fmp import snapshot_client
from orchestrations import CompanyComparison
from orchestrations.base import DEFAULT_CONCURRENCY, worker_pool


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_child_can_still_gather() -> None:
    pool, started, release = (
        worker_pool(DEFAULT_CONCURRENCY),
        threading.Barrier(49),
        threading.Event(),
    )
    for _ in range(DEFAULT_CONCURRENCY):  # make the pool start all of its threads
        pool.submit(lambda: (started.wait(), release.wait(5)))
    started.wait(5)
    release.set()
    pid = os.fork()
    if pid == 0:  # the child: exit 0 only if the gather finishes
        try:
            CompanyComparison(snapshot_client()).run(symbols=["MSFT", "GOOGL"])
        except BaseException:
            os._exit(1)
        os._exit(0)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            assert os.waitstatus_to_exitcode(status) == 0
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    pytest.fail("the forked child hung gathering data (a dead inherited thread pool)")
