"""The service over HTTP/1.1 with the standard library: a kept-alive connection per thread, JSON in and out."""

import http.client
import json
import os
import threading
import urllib.parse

from ._errors import JobpoolError, problem_error

DEFAULT_URL = "http://localhost:8080"


class Http:
    def __init__(self, url=None, api_key=None, timeout=360.0):
        self.url = (url or os.environ.get("JOBPOOL_URL") or DEFAULT_URL).rstrip("/")
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {self.url!r}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._base = parts.path
        self._timeout = timeout
        key = api_key if api_key is not None else os.environ.get("JOBPOOL_API_KEY")
        self._headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._local = threading.local()

    def connect(self, timeout=None):
        kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        return kind(self._host, self._port, timeout=timeout or self._timeout)

    def _connection(self):
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self.connect()
        return connection

    def send(self, method, path, body=None, headers=None):
        """(status, headers, parsed JSON body or None); a connection the server closed is reopened once."""
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Accept": "application/json", **self._headers, **(headers or {})}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            connection = self._connection()
            try:
                connection.request(method, self._base + path, body=data, headers=all_headers)
                response = connection.getresponse()
                raw = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                connection.close()
                self._local.connection = None
                if attempt == 2:
                    raise
        parsed = json.loads(raw) if raw else None
        return response.status, response, parsed

    def call(self, method, path, body=None, headers=None, ok=(200, 201, 202, 204), process=False):
        """The parsed answer; a problem is raised as the exception it stands for."""
        status, response, parsed = self.send(method, path, body, headers)
        if status not in ok:
            error = problem_error(status, parsed or {}, process)
            if isinstance(error, JobpoolError):
                retry = response.getheader("Retry-After")
                error.retry_after = float(retry) if retry else None
            raise error
        return parsed

    def open_stream(self, method, path, body=None, headers=None, timeout=None, process=False):
        """A response to read line by line, on a connection of its own; a refusal is raised."""
        connection = self.connect(timeout)
        data = None if body is None else json.dumps(body).encode()
        all_headers = {**self._headers, **(headers or {})}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        connection.request(method, self._base + path, body=data, headers=all_headers)
        response = connection.getresponse()
        if response.status != 200:
            raw = response.read()
            connection.close()
            raise problem_error(response.status, json.loads(raw) if raw else {}, process)
        return connection, response
