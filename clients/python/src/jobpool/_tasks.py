"""Handles of the service's tasks: ``tasks.sleep``, ``tasks.sum_of_squares``, ``tasks["sum-of-squares"]``."""


class Task:
    """A task of the service, by name; submit it to a JobpoolExecutor (it cannot run here)."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __call__(self, *args, **kwargs):
        raise TypeError(f"the task {self.name!r} runs in the Jobpool service: submit it to a JobpoolExecutor")

    def __repr__(self):
        return f"Task({self.name!r})"

    def __eq__(self, other):
        return isinstance(other, Task) and other.name == self.name

    def __hash__(self):
        return hash(self.name)


class Tasks:
    """Every task by name; iterating lists those of the service at JOBPOOL_URL (or ``list_at(url)``)."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Task(name.replace("_", "-"))

    def __getitem__(self, name):
        return Task(name)

    def __iter__(self):
        return iter(self.list_at())

    def list_at(self, url=None, api_key=None):
        from ._http import Http

        return [Task(task["name"]) for task in Http(url, api_key).call("GET", "/api/v1/tasks")]


tasks = Tasks()


def task_name(task):
    """The name of a Task, or of a task given by name."""
    if isinstance(task, Task):
        return task.name
    if isinstance(task, str):
        return task
    raise TypeError(f"a Jobpool task is a jobpool.tasks handle or a task name, not {type(task).__name__}: "
                    "the service runs its own tasks, never code sent to it")
