"""concurrent.futures over a Jobpool service: ``JobpoolExecutor`` and the ``tasks`` it runs."""

from ._errors import JobpoolError, TaskError
from ._executor import JobpoolExecutor, JobpoolFuture
from ._tasks import Task, tasks

__all__ = ["JobpoolExecutor", "JobpoolFuture", "JobpoolError", "TaskError", "Task", "tasks"]
