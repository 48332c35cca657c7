"""The rest of concurrent.futures over Jobpool futures: wait, callbacks, cancel, map's exceptions, bursts."""

import concurrent.futures
import concurrent.futures.thread
import threading

import pytest

from jobpool import JobpoolExecutor, TaskError, tasks
from jobpool._errors import raised


def test_wait_first_completed_and_all_completed(default):
    slow = default.submit(tasks.sleep, 2, "slow")
    fast = default.submit(tasks.sleep, 0.1, "fast")
    done, not_done = concurrent.futures.wait([slow, fast], timeout=10,
                                             return_when=concurrent.futures.FIRST_COMPLETED)
    assert done == {fast} and not_done == {slow}
    done, not_done = concurrent.futures.wait([slow, fast], timeout=10)
    assert done == {slow, fast} and not not_done


def test_done_callbacks_run_with_the_future(default):
    called = threading.Event()
    seen = []
    future = default.submit(tasks.echo, {"a": [1, 2, {"b": None}]})
    future.add_done_callback(lambda f: (seen.append(f.result()), called.set()))
    assert called.wait(10)
    assert seen == [{"a": [1, 2, {"b": None}]}]


def test_cancel_reaches_the_service_and_wakes_waiters(url, name):
    with JobpoolExecutor(url, executor=name, max_workers=1) as executor:
        running = executor.submit(tasks.sleep, 1)
        queued = executor.submit(tasks.sleep, 30)
        assert queued.cancel()
        assert queued.cancelled()
        with pytest.raises(concurrent.futures.CancelledError):
            queued.result()
        done, _ = concurrent.futures.wait([queued], timeout=1)
        assert done == {queued}
        assert not running.cancel() or running.cancelled()


def test_map_raises_at_the_first_exception_after_the_results_before_it(default):
    results = default.map(tasks.divide, [5, 0, 10])
    assert next(results) == 20.0
    with pytest.raises(ValueError, match="Can't process zero!"):
        next(results)


def test_map_with_a_chunksize_on_a_process_pool_gives_every_result_in_order(url):
    with JobpoolExecutor(url, executor="processes") as processes:
        assert list(processes.map(tasks.echo, range(500), chunksize=50)) == list(range(500))
        with pytest.raises(ValueError, match="chunksize"):
            processes.map(tasks.echo, [1], chunksize=0)


def test_map_with_a_timeout_raises_timeout_error(default):
    with pytest.raises(TimeoutError):
        list(default.map(tasks.sleep, [5], timeout=0.5))


def test_a_burst_of_a_thousand_futures_completes_through_one_event_stream(default):
    futures = [default.submit(tasks.echo, i) for i in range(1000)]
    assert [f.result(timeout=60) for f in futures] == list(range(1000))


def test_after_shutdown_no_more_submits(url, name):
    executor = JobpoolExecutor(url, executor=name, max_workers=2)
    executor.submit(tasks.echo, 1).result(timeout=10)
    executor.shutdown()
    with pytest.raises(RuntimeError, match="after shutdown"):
        executor.submit(tasks.echo, 2)


def test_a_thread_initializer_that_raises_breaks_the_executor_as_in_python(url, name):
    # ThreadPoolExecutor(1, initializer=f, initargs=(0,)) whose f raises: the first call's result() raises
    # BrokenThreadPool, and so does every submit after it
    executor = JobpoolExecutor(url, executor=name, max_workers=1, initializer=tasks.divide, initargs=(0,))
    try:
        with pytest.raises(concurrent.futures.thread.BrokenThreadPool, match="initializer failed"):
            executor.submit(tasks.echo, 1).result(timeout=10)
        with pytest.raises(concurrent.futures.thread.BrokenThreadPool):
            executor.submit(tasks.echo, 2)
    finally:
        executor.shutdown()


def test_a_thread_initializer_that_returns_leaves_the_executor_working(url, name):
    with JobpoolExecutor(url, executor=name, max_workers=2, initializer=tasks.echo, initargs=("ready",)) as executor:
        assert list(executor.map(tasks.echo, range(5))) == [0, 1, 2, 3, 4]


def test_tasks_are_listed_and_named():
    assert tasks.sum_of_squares.name == "sum-of-squares"
    assert tasks["sum-of-squares"] == tasks.sum_of_squares
    with pytest.raises(TypeError):
        tasks.echo(1)


def test_tasks_of_the_service(url):
    assert {"echo", "sleep", "divide", "sum-of-squares"} <= {t.name for t in tasks.list_at(url)}


def test_exceptions_map_to_builtins_or_task_error():
    assert isinstance(raised({"type": "ZeroDivisionError", "message": "x"}), ZeroDivisionError)
    assert isinstance(raised({"type": "TimeoutError", "message": "x"}), TimeoutError)
    assert isinstance(raised({"type": "BrokenProcessPool", "message": "x"}),
                      concurrent.futures.process.BrokenProcessPool)
    assert isinstance(raised({"type": "BrokenThreadPool", "message": "x"}),
                      concurrent.futures.thread.BrokenThreadPool)
    error = raised({"type": "SystemExit", "message": "bye", "traceback": "tb"})
    assert isinstance(error, TaskError) and error.type == "SystemExit" and error.traceback == "tb"
    assert isinstance(raised({"type": "NoSuchError", "message": "x"}), TaskError)
