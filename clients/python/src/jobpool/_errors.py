"""What the service answers, as the exceptions a concurrent.futures program expects."""

import builtins
from concurrent.futures import BrokenExecutor, CancelledError
from concurrent.futures.process import BrokenProcessPool
from concurrent.futures.thread import BrokenThreadPool


class JobpoolError(Exception):
    """The service refused a request; ``problem`` is its RFC 9457 problem, ``slug`` the end of its type."""

    def __init__(self, status, problem):
        self.status = status
        self.problem = problem if isinstance(problem, dict) else {"detail": str(problem)}
        self.slug = str(self.problem.get("type", "")).rsplit("/", 1)[-1]
        self.retry_after = None
        super().__init__(f"{status} {self.slug}: {self.problem.get('detail', '')}")


class TaskError(Exception):
    """A task raised an exception whose type is no Python built-in: ``type``, message and ``traceback``."""

    def __init__(self, type, message, traceback=None):
        self.type = type
        self.message = message
        self.traceback = traceback
        super().__init__(f"{type}: {message}")


# what the service names that the standard library keeps outside builtins
_LIBRARY = {
    "CancelledError": CancelledError,
    "BrokenExecutor": BrokenExecutor,
    "BrokenProcessPool": BrokenProcessPool,
    "BrokenThreadPool": BrokenThreadPool,
}


def raised(exception):
    """The exception a task raised (the service's RaisedException) as a Python exception."""
    kind = exception.get("type") or "Exception"
    message = exception.get("message") or ""
    known = _LIBRARY.get(kind) or getattr(builtins, kind, None)
    # only exceptions, never BaseExceptions such as SystemExit or KeyboardInterrupt that would stop the caller
    if isinstance(known, type) and issubclass(known, Exception):
        error = known(message)
    else:
        error = TaskError(kind, message, exception.get("traceback"))
    error.jobpool_traceback = exception.get("traceback")
    return error


def problem_error(status, problem, process=False):
    """The exception for a refused request or a failed result, by the problem's type."""
    error = JobpoolError(status, problem)
    detail = error.problem.get("detail", "")
    if error.slug == "task-raised" and isinstance(error.problem.get("exception"), dict):
        return raised(error.problem["exception"])
    if error.slug == "cancelled":
        return CancelledError(detail)
    if error.slug == "timeout":
        return TimeoutError(detail)
    if error.slug == "executor-broken":
        return (BrokenProcessPool if process else BrokenThreadPool)(detail)
    if error.slug == "executor-shut-down":
        return RuntimeError("cannot schedule new futures after shutdown")
    if error.slug == "invalid-arguments":
        return TypeError(detail)
    return error
