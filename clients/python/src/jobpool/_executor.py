"""JobpoolExecutor: a concurrent.futures.Executor whose calls run in a Jobpool service."""

import collections
import concurrent.futures
import json
import threading
import time
import urllib.parse
import uuid

from ._errors import problem_error, raised
from ._http import Http
from ._tasks import task_name


class JobpoolFuture(concurrent.futures.Future):
    """A concurrent.futures.Future of a call in the service; ``id`` is the service's future id."""

    def __init__(self, executor, future_id):
        super().__init__()
        self.id = future_id
        self._executor = executor

    def cancel(self):
        """Python's cancel(): asks the service, which cancels the call if it has not started."""
        if self.done():
            return self.cancelled()
        answer = self._executor._http.call("POST", f"/api/v1/futures/{self.id}/cancel")
        if answer["cancelled"]:
            self._executor._settle(self, answer["future"])
            return True
        return False

    def running(self):
        if self.done():
            return False
        return self._executor._http.call("GET", f"/api/v1/futures/{self.id}")["state"] == "RUNNING"


class JobpoolExecutor(concurrent.futures.Executor):
    """Python's Executor over a Jobpool service.

    With ``max_workers`` (or ``create=True``) the executor ``executor`` is created in the service (``kind``
    "thread" or "process") and shut down with this object; otherwise an existing one is used (``"default"``,
    ``"processes"``), and shutting this object down waits for, or cancels, only the futures it submitted.
    """

    def __init__(self, url=None, executor="default", max_workers=None, *, kind="thread", queue_capacity=None,
                 api_key=None, create=None, initializer=None, initargs=()):
        self._http = Http(url, api_key)
        self.name = executor
        self._process = kind == "process" or executor == "processes"
        self._pending = {}
        self._early = collections.OrderedDict()  # ends heard before the submit's answer
        self._lock = threading.Lock()
        self._shutdown = False
        self._created = False
        if create or (create is None and max_workers is not None):
            self._create(kind, max_workers, queue_capacity, initializer, initargs)
        self._events = _Events(self)

    def _create(self, kind, max_workers, queue_capacity, initializer, initargs):
        spec = {"name": self.name, "kind": kind}
        if max_workers is not None:
            spec["maxWorkers"] = max_workers
        if queue_capacity is not None:
            spec["queueCapacity"] = queue_capacity
        if initializer is not None:
            spec["initializer"] = {"task": task_name(initializer), "args": list(initargs)}
        status, _, answer = self._http.send("POST", "/api/v1/executors", spec)
        if status == 201:
            self._created = True
        elif not (status == 409 and str(answer.get("type", "")).endswith("/executor-exists")):
            raise problem_error(status, answer or {}, self._process)

    @property
    def path(self):
        return "/api/v1/executors/" + urllib.parse.quote(self.name, safe="")

    def submit(self, fn, /, *args, **kwargs):
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        body = {"task": task_name(fn), "args": list(args), "kwargs": kwargs}
        # a key per submit: a retry after a dropped connection cannot run the call twice
        answer = self._http.call("POST", self.path + "/futures", body, {"Idempotency-Key": str(uuid.uuid4())},
                                 process=self._process)
        future = JobpoolFuture(self, answer["id"])
        with self._lock:
            self._pending[future.id] = future
            early = self._early.pop(future.id, None)
        if early is not None:
            self._settle(future, early)
        elif answer.get("done"):
            self._settle(future, answer)
        return future

    def map(self, fn, *iterables, timeout=None, chunksize=1, buffersize=None):
        """Python's map: every call is accepted now; results come in input order as they are ready, and the first
        exception is raised where its result would be. Closing the iterator early cancels what has not started."""
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        if chunksize < 1:
            raise ValueError("chunksize must be >= 1.")
        body = {"task": task_name(fn), "iterables": [list(iterable) for iterable in iterables]}
        if chunksize != 1:
            body["chunksize"] = chunksize  # process executors send workers that many calls at a time
        if timeout is not None:
            body["timeout"] = timeout
        if buffersize is not None:
            body["buffersize"] = buffersize
        connection, response = self._http.open_stream("POST", self.path + "/map/stream", body,
                                                      {"Accept": "application/x-ndjson"}, process=self._process)
        return self._results(connection, response)

    def _results(self, connection, response):
        try:
            for line in response:
                if not line.strip():
                    continue
                item = json.loads(line)
                if "type" in item and "status" in item:
                    raise problem_error(item["status"], item, self._process)
                yield item["result"]
        finally:
            connection.close()  # the service cancels what has not started, as Python's map does

    def shutdown(self, wait=True, *, cancel_futures=False):
        self._shutdown = True
        if self._created:
            query = f"?wait={str(wait).lower()}&cancelFutures={str(cancel_futures).lower()}"
            status, _, _ = self._http.send("DELETE", self.path + query)
            while wait and status == 202:  # still draining after the service's longest wait: ask again
                status, _, _ = self._http.send("DELETE", self.path + query)
        with self._lock:
            mine = list(self._pending.values())
        if cancel_futures:
            for future in mine:
                future.cancel()
        if wait:
            concurrent.futures.wait(mine)
        self._events.stop()

    # --- completions -----------------------------------------------------------------------------------------

    def _settle(self, future, snapshot):
        """Moves a future to the outcome the service reports; the first report wins, later ones change nothing."""
        with self._lock:
            self._pending.pop(future.id, None)
        with future._condition:
            if future.done():
                return
        state = snapshot["state"]
        try:
            if state == "CANCELLED":
                concurrent.futures.Future.cancel(future)
                future.set_running_or_notify_cancel()  # wakes wait() and as_completed()
            elif snapshot.get("exception"):
                future.set_exception(raised(snapshot["exception"]))
            else:
                future.set_result(snapshot.get("result"))
        except concurrent.futures.InvalidStateError:
            pass  # settled by another report meanwhile

    def _ended(self, snapshot):
        with self._lock:
            future = self._pending.get(snapshot["id"])
            if future is None:
                self._early[snapshot["id"]] = snapshot
                while len(self._early) > 10_000:
                    self._early.popitem(last=False)
                return
        self._settle(future, snapshot)

    def _reconcile(self):
        """After a gap in the events (a reconnect), asks for the futures still pending here."""
        with self._lock:
            ids = list(self._pending)
        for start in range(0, len(ids), 10_000):
            answer = self._http.call("POST", "/api/v1/futures/wait",
                                     {"ids": ids[start:start + 10_000], "timeout": 0})
            for snapshot in answer["done"]:
                self._ended(snapshot)


class _Events:
    """The executor's event stream, read on a daemon thread: one connection for all its futures' ends."""

    def __init__(self, executor):
        self._executor = executor
        self._stopped = threading.Event()
        self._last_id = None
        self._connection = None
        self._response = self._open()  # connected before the first submit, so that no end is missed
        threading.Thread(target=self._run, name=f"jobpool-events-{executor.name}", daemon=True).start()

    def _open(self):
        headers = {"Accept": "text/event-stream"}
        if self._last_id is not None:
            headers["Last-Event-ID"] = self._last_id
        query = "?executor=" + urllib.parse.quote(self._executor.name, safe="")
        self._connection, response = self._executor._http.open_stream("GET", "/api/v1/events" + query,
                                                                       headers=headers, timeout=60)
        return response

    def _run(self):
        response = self._response
        while not self._stopped.is_set():
            try:
                self._read(response)
            except Exception:
                pass  # dropped: reconnect below
            if self._stopped.is_set():
                return
            time.sleep(0.5)
            try:
                response = self._open()
                self._executor._reconcile()
            except Exception:
                continue

    def _read(self, response):
        event_id, data = None, []
        for raw in response:
            line = raw.decode("utf-8").rstrip("\r\n")
            if line.startswith("id:"):
                event_id = line[3:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
            elif not line and data:
                self._executor._ended(json.loads("\n".join(data)))
                self._last_id = event_id or self._last_id
                event_id, data = None, []
            if self._stopped.is_set():
                return

    def stop(self):
        self._stopped.set()
        try:
            self._connection.sock.shutdown(2)
        except Exception:
            pass
        self._connection.close()
