"""The seed's five examples, with jobpool in place of concurrent.futures' executors: one line changes."""

import concurrent.futures
import time

import pytest

from jobpool import JobpoolExecutor, tasks


def test_thread_pool_map_downloads_five_pages_on_three_workers_in_about_four_seconds(url, name):
    start = time.monotonic()
    with JobpoolExecutor(url, executor=name, max_workers=3) as executor:
        pages = list(executor.map(tasks.sleep, [2] * 5, [f"Downloaded page{i}" for i in range(1, 6)]))
    took = time.monotonic() - start

    assert pages == [f"Downloaded page{i}" for i in range(1, 6)]
    assert 3.9 <= took < 6.5


def test_process_pool_crunch_gives_exact_integers(url):
    with JobpoolExecutor(url, executor="processes") as executor:
        results = list(executor.map(tasks["sum-of-squares"], [10_000_000, 20_000_000, 30_000_000]))
    assert results == [sum(i * i for i in range(n)) for n in (10_000_000, 20_000_000, 30_000_000)]


def test_submit_returns_a_future_that_is_not_done_until_its_result_is(url, default):
    future = default.submit(tasks.sleep, 1, "Data from api.com/users")
    assert isinstance(future, concurrent.futures.Future)
    assert not future.done()
    assert future.result(timeout=10) == "Data from api.com/users"
    assert future.done()


def test_as_completed_yields_in_completion_order(url, name):
    with JobpoolExecutor(url, executor=name, max_workers=3) as executor:
        start = time.monotonic()
        futures = {executor.submit(tasks.sleep, seconds, site): site
                   for site, seconds in [("fast.com", 1), ("slow.com", 3), ("medium.com", 2)]}
        order = [future.result() for future in concurrent.futures.as_completed(futures, timeout=30)]
        took = time.monotonic() - start
    assert order == ["fast.com", "medium.com", "slow.com"]
    assert 2.9 <= took < 5


def test_error_handling_raises_the_tasks_value_error(url, default):
    futures = [default.submit(tasks.divide, n) for n in (5, 0, 10)]
    assert futures[0].result(timeout=10) == 20.0
    with pytest.raises(ValueError, match="Can't process zero!"):
        futures[1].result(timeout=10)
    assert isinstance(futures[1].exception(), ValueError)
    assert futures[2].result(timeout=10) == 10.0
