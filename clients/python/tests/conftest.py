"""The tests run against the Jobpool at JOBPOOL_URL (clients/test starts the built jar and sets it)."""

import os
import uuid

import pytest

from jobpool import JobpoolExecutor


@pytest.fixture(scope="session")
def url():
    if not os.environ.get("JOBPOOL_URL"):
        pytest.skip("JOBPOOL_URL is not set: run clients/test, which starts the service")
    return os.environ["JOBPOOL_URL"]


@pytest.fixture
def name():
    """A fresh executor name per test."""
    return "py-" + uuid.uuid4().hex[:8]


@pytest.fixture
def default(url):
    with JobpoolExecutor(url) as executor:
        yield executor
