"""A smoke test of the Python SDK that OpenAPI Generator makes from docs/openapi.json (generator python), used
unedited: the seed's flows through it. clients/test generates it into target/python-sdk and installs it."""

import json
import os
import time
import uuid

import pytest

jobpool_sdk = pytest.importorskip("jobpool_sdk")
from jobpool_sdk.exceptions import ApiException  # noqa: E402


@pytest.fixture(scope="module")
def client():
    if not os.environ.get("JOBPOOL_URL"):
        pytest.skip("JOBPOOL_URL is not set: run clients/test")
    with jobpool_sdk.ApiClient(jobpool_sdk.Configuration(host=os.environ["JOBPOOL_URL"])) as api_client:
        yield api_client


@pytest.fixture
def executors(client):
    return jobpool_sdk.ExecutorsApi(client)


@pytest.fixture
def futures(client):
    return jobpool_sdk.FuturesApi(client)


def test_downloads_map_five_sleeps_on_three_workers(executors, futures):
    name = "sdk-" + uuid.uuid4().hex[:8]
    executors.create_executor(jobpool_sdk.CreateExecutorRequest(name=name, max_workers=3))
    start = time.monotonic()
    accepted = executors.map(name, jobpool_sdk.MapRequest(task="sleep", iterables=[
        [2] * 5, [f"Downloaded page{i}" for i in range(1, 6)]]))
    pages = [futures.get_future_result(i, timeout=60) for i in accepted.ids]
    assert pages == [f"Downloaded page{i}" for i in range(1, 6)]
    assert 3.9 <= time.monotonic() - start < 6.5
    executors.shutdown_executor(name, wait=True)


def test_crunch_gives_exact_integers(executors, futures):
    accepted = executors.map("processes", jobpool_sdk.MapRequest(task="sum-of-squares",
                                                                 iterables=[[10_000_000, 20_000_000, 30_000_000]]))
    assert [futures.get_future_result(i, timeout=60) for i in accepted.ids] == [
        sum(i * i for i in range(n)) for n in (10_000_000, 20_000_000, 30_000_000)]


def test_dict_and_list_arguments_and_object_results(executors, futures):
    value = {"name": "ada", "tags": ["x", 1, True], "nested": {"n": 2}}
    future = executors.submit("default", jobpool_sdk.SubmitRequest(task="echo", args=[value]))
    listed = executors.submit("default", jobpool_sdk.SubmitRequest(task="echo", kwargs={"value": [1, "two"]}))
    assert futures.get_future_result(future.id, timeout=10) == value
    assert futures.get_future_result(listed.id, timeout=10) == [1, "two"]
    page = futures.list_futures(task="echo", size=1000)
    assert any(item.id == future.id and item.result == value for item in page.items)


def test_a_tasks_exception_is_a_typed_problem(executors, futures):
    future = executors.submit("default", jobpool_sdk.SubmitRequest(task="divide", args=[0]))
    with pytest.raises(ApiException) as raised:
        futures.get_future_result(future.id, timeout=10)
    assert raised.value.status == 424
    problem = raised.value.data
    if problem is None:  # generators differ in whether they deserialize error bodies; the body is the same
        problem = jobpool_sdk.TaskRaisedProblem.from_json(raised.value.body)
    assert problem.exception.type == "ValueError"
    assert problem.exception.message == "Can't process zero!"
    assert futures.get_future_exception(future.id).type == "ValueError"


def test_cancel_wait_and_as_completed(executors, futures):
    name = "sdk-" + uuid.uuid4().hex[:8]
    executors.create_executor(jobpool_sdk.CreateExecutorRequest(name=name, max_workers=3))
    busy = [executors.submit(name, jobpool_sdk.SubmitRequest(task="sleep", args=[s, s])).id for s in (1, 3, 2)]
    completed = futures.as_completed(jobpool_sdk.AsCompletedRequest(ids=busy, timeout=10))
    assert [f.result for f in completed.futures] == [1, 2, 3]
    waited = futures.wait_futures(jobpool_sdk.WaitRequest(ids=busy, timeout=1))
    assert len(waited.done) == 3
    executors.shutdown_executor(name, wait=True)

    single = "sdk-" + uuid.uuid4().hex[:8]
    executors.create_executor(jobpool_sdk.CreateExecutorRequest(name=single, max_workers=1))
    executors.submit(single, jobpool_sdk.SubmitRequest(task="sleep", args=[1]))
    queued = executors.submit(single, jobpool_sdk.SubmitRequest(task="sleep", args=[30]))
    assert futures.cancel_future(queued.id).cancelled is True
    assert futures.get_future(queued.id).state == "CANCELLED"
    executors.shutdown_executor(single, wait=True)


def test_the_streamed_map_read_raw(executors):
    response = executors.map_stream_without_preload_content(
        "default", jobpool_sdk.MapRequest(task="echo", iterables=[["a", "b", "c"]]))
    lines = [json.loads(line) for line in response.read().decode().splitlines() if line.strip()]
    assert [line["result"] for line in lines] == ["a", "b", "c"]
