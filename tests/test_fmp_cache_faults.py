"""The cache never stops an answer: a corrupt, unwritable or locked cache file is detected, said
in one notice (and a ``FMPCacheWarning``), and the data still comes. Clients in one process on one
cache folder share one backend, so they do not wait on each other's SQLite locks."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import conftest_fmp as fx
import pytest
import responses
from conftest_fmp import BASE_URL, sample_text

import tools.cache as tc
from tools import get_profile, get_quote
from tools.cache import CACHE_FILE, FMPCacheWarning

fmp_env, make_client, fmp_server = fx.fmp_env, fx.make_client, fx.fmp_server
pytestmark = pytest.mark.usefixtures("fmp_env")
QUOTE = sample_text("quote__AAPL.json")
PROFILE = sample_text("profile__AAPL.json")


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get(f"{BASE_URL}/quote", body=QUOTE, content_type="application/json")
        rsps.get(f"{BASE_URL}/profile", body=PROFILE, content_type="application/json")
        yield rsps


def forget_backends() -> None:
    """As if a new process started: close and drop the process's shared backends."""
    with tc._shared_lock:
        for cache in tc._shared.values():
            cache._backend.responses.close()
            cache._backend.redirects.close()
        tc._shared.clear()


def test_a_cache_file_that_is_not_a_database_is_moved_aside(mocked, make_client, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / CACHE_FILE).write_bytes(b"this is not SQLite\n" * 500)
    client = make_client(cache=True, cache_dir=folder)  # the cache opens on first use
    with pytest.warns(FMPCacheWarning, match="moved aside"):
        assert get_quote("AAPL", client=client).price == 254.86
    assert get_quote("AAPL", client=client).provenance.from_cache is True  # a fresh cache works
    assert len(client.notices) == 1 and "not a usable database" in client.notices[0]
    assert "\n" not in client.notices[0]
    assert len(list(folder.glob(CACHE_FILE + ".broken-*"))) == 1


def test_corrupt_pages_are_detected_and_answers_keep_coming(mocked, make_client, tmp_path):
    folder = tmp_path / "cache"
    first = make_client(cache=True, cache_dir=folder)
    for symbol in ("AAPL", "MSFT", "NVDA", "AMD", "INTC", "ORCL"):
        get_quote(symbol, client=first)
        get_profile(symbol, client=first)
    forget_backends()  # checkpoints the WAL into the file
    path = folder / CACHE_FILE
    data = bytearray(path.read_bytes())
    assert len(data) > 8192
    for i in range(4096, len(data)):  # keep the header page, scramble every other page
        data[i] = (i * 7) % 256
    path.write_bytes(bytes(data))

    client = make_client(cache=True, cache_dir=folder)
    with pytest.warns(FMPCacheWarning, match="damaged"):
        quote = get_quote("AAPL", client=client)
    assert quote.price == 254.86 and quote.provenance.from_cache is False
    assert get_profile("MSFT", client=client).symbol == "AAPL"  # the sample; no error
    assert len(client.notices) == 1 and "malformed" in client.notices[0]
    assert list(folder.glob(CACHE_FILE + ".broken-*"))
    # a client built afterwards starts a fresh cache
    fresh = make_client(cache=True, cache_dir=folder)
    get_quote("AAPL", client=fresh)
    assert get_quote("AAPL", client=fresh).provenance.from_cache is True


def test_a_cache_folder_that_cannot_be_created_means_no_cache(mocked, make_client, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    client = make_client(cache=True, cache_dir=blocker / "cache")
    with pytest.warns(FMPCacheWarning, match="cannot be used"):
        assert client.transport.cached is False
    assert get_quote("AAPL", client=client).price == 254.86
    assert len(client.notices) == 1 and "running without the cache" in client.notices[0]


def test_a_cache_file_that_cannot_be_opened_means_no_cache(mocked, make_client, tmp_path):
    folder = tmp_path / "cache"
    (folder / CACHE_FILE).mkdir(parents=True)  # a folder where the file should be
    client = make_client(cache=True, cache_dir=folder)
    with pytest.warns(FMPCacheWarning):
        client.transport  # noqa: B018 - the cache opens on first use
    assert get_quote("AAPL", client=client).price == 254.86
    assert client.notices


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_cache_folder_means_no_cache(mocked, make_client, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        client = make_client(cache=True, cache_dir=folder)
        with pytest.warns(FMPCacheWarning):
            assert get_quote("AAPL", client=client).price == 254.86
    finally:
        folder.chmod(0o700)


def test_the_cli_runs_with_a_garbage_cache(tmp_path, monkeypatch, capsys):
    """The user's case: a garbage cache file, then ``finagent ask`` on a live (stand-in) FMP."""
    from finagent.app.cli import main
    from finagent.testing.fmp import FMPStandIn

    folder = tmp_path / "garbage-cache"
    folder.mkdir()
    (folder / CACHE_FILE).write_bytes(os.urandom(20_000))
    with FMPStandIn() as server:
        monkeypatch.setenv("FINAGENT_CACHE_DIR", str(folder))
        monkeypatch.setenv("FMP_API_KEY", server.api_key)
        monkeypatch.setenv("FMP_BASE_URL", server.base_url)
        with pytest.warns(FMPCacheWarning):
            code = main(["ask", "Is MSFT expensive?"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Traceback" not in out.err and "DatabaseError" not in out.err


def test_clients_on_one_folder_share_one_backend(make_client, tmp_path):
    a = make_client(cache=True, cache_dir=tmp_path / "cache")
    b = make_client(cache=True, cache_dir=tmp_path / "cache")
    other = make_client(cache=True, cache_dir=tmp_path / "other")
    assert a.transport.session.cache is b.transport.session.cache
    assert a.transport.session.cache is not other.transport.session.cache
    a.close()  # closing one client does not close the shared backend
    assert b.transport.session.cache.responses.count() == 0


def test_a_write_lock_held_by_another_process_does_not_stall_a_call(mocked, make_client, tmp_path):
    """Another process holding SQLite's write lock: the answer comes at once, its cache write is
    skipped (requests-cache alone would retry the lock forever)."""
    folder = tmp_path / "cache"
    client = make_client(cache=True, cache_dir=folder)
    client.transport  # noqa: B018 - open the cache (it opens on first use)
    holder = sqlite3.connect(folder / CACHE_FILE, timeout=0.1, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    done: list[float] = []

    def fetch() -> None:
        started = time.perf_counter()
        get_quote("AAPL", client=client)
        done.append(time.perf_counter() - started)

    worker = threading.Thread(target=fetch, daemon=True)
    try:
        worker.start()
        worker.join(3.0)
        assert done, "the call waited for the other process's lock"
        assert done[0] < 1.5
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        worker.join(10)


def test_many_clients_on_one_folder_answer_as_fast_as_on_separate_ones(fmp_server, tmp_path):
    """20 clients answering at once on one cache folder; before, SQLite lock waits of ~5 s each."""
    from tools import FMPClient

    def run(folders: list[Path]) -> float:
        barrier = threading.Barrier(len(folders))
        errors: list[BaseException] = []

        def work(i: int, folder: Path) -> None:
            client = FMPClient(api_key=fx.FAKE_KEY, base_url=fmp_server.base_url, cache_dir=folder)
            barrier.wait()
            try:  # like an orchestration's gather: one client, its calls in parallel
                symbols = ["AAPL", "MSFT"] + [f"S{i}X{j}" for j in range(6)]
                with ThreadPoolExecutor(len(symbols)) as pool:
                    list(pool.map(lambda s: get_quote(s, client=client), symbols))
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                client.close()

        threads = [threading.Thread(target=work, args=(i, f)) for i, f in enumerate(folders)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors, errors
        return time.perf_counter() - started

    shared = run([tmp_path / "shared"] * 20)
    assert shared < 4.0, f"20 clients on one cache folder took {shared:.1f}s"
