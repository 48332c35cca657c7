#!/usr/bin/env python3
"""Process-pool figures over real HTTP against a running Jobpool (default http://127.0.0.1:8080).

Measures, each in the same run so that the figures compare:
  - round trip of a trivial task (echo: submit, then result) on a warm process executor vs a thread executor;
  - worker JVM start time (hello + init), as the executor reports it, cold and with the class-data sharing
    archive that the first worker leaves behind (only when the service runs from its jar);
  - the CPU speed-up of 2 worker processes over 1 on sum-of-squares (8 calls of 200M, workers warmed up first;
    the seed's 10M-30M calls take tens of milliseconds once compiled, too short to time on a shared machine).

Usage: bench/process_pool.py [base-url]. Standard library only. Prints a Markdown table.
"""
import http.client, json, statistics, sys, time, urllib.parse, uuid

BASE = urllib.parse.urlparse(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
conn = http.client.HTTPConnection(BASE.hostname, BASE.port or 80, timeout=600)


def call(method, path, body=None):
    conn.request(method, path, body=None if body is None else json.dumps(body),
                 headers={"Content-Type": "application/json", "Accept": "application/json"})
    response = conn.getresponse()
    data = response.read()
    return response.status, (json.loads(data) if data else None)


def executor(kind, workers, **extra):
    name = f"bench-{kind}-{uuid.uuid4().hex[:6]}"
    status, body = call("POST", "/api/v1/executors", {"name": name, "kind": kind, "maxWorkers": workers, **extra})
    assert status == 201, body
    return name


def run(name, task, *args):
    status, future = call("POST", f"/api/v1/executors/{name}/futures", {"task": task, "args": list(args)})
    assert status == 202, future
    status, value = call("GET", f"/api/v1/futures/{future['id']}/result?timeout=300")
    assert status == 200, value
    return value


def round_trips(name, n=2000):
    for i in range(200):  # warm up: JIT on both sides, the worker started
        run(name, "echo", i)
    samples = []
    for i in range(n):
        start = time.perf_counter()
        run(name, "echo", i)
        samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    return samples[len(samples) // 2], samples[int(len(samples) * 0.99)]


def shutdown(name):
    call("DELETE", f"/api/v1/executors/{name}?wait=true")


rows = []
threads = executor("thread", 1)
process = executor("process", 1)
t50, t99 = round_trips(threads)
p50, p99 = round_trips(process)
rows.append(("echo round trip, thread executor (p50 / p99)", f"{t50:.0f} µs / {t99:.0f} µs"))
rows.append(("echo round trip, process executor (p50 / p99)", f"{p50:.0f} µs / {p99:.0f} µs"))
rows.append(("process overhead per call (p50 difference)", f"{p50 - t50:.0f} µs"))
shutdown(threads)

starts = []
for i in range(4):  # recycled after every call: each call starts a fresh worker
    recycled = executor("process", 1, maxTasksPerChild=1)
    run(recycled, "echo", i)
    starts.append(call("GET", f"/api/v1/executors/{recycled}")[1]["processes"]["lastWorkerStartMillis"])
    shutdown(recycled)
rows.append(("worker start, first (ms)", f"{starts[0]}"))
rows.append(("worker start, later ones (median ms)", f"{statistics.median(starts[1:])}"))
shutdown(process)

numbers = [200_000_000] * 8
timings = {}
for workers in (1, 2):
    name = executor("process", workers)
    # start every worker and let its JIT compile the loop before the clock runs
    status, warm = call("POST", f"/api/v1/executors/{name}/map", {"task": "sum-of-squares", "iterables": [[20_000_000] * 8]})
    for future_id in warm["ids"]:
        call("GET", f"/api/v1/futures/{future_id}/result?timeout=300")
    start = time.perf_counter()
    status, accepted = call("POST", f"/api/v1/executors/{name}/map", {"task": "sum-of-squares", "iterables": [numbers]})
    for future_id in accepted["ids"]:
        assert call("GET", f"/api/v1/futures/{future_id}/result?timeout=300")[0] == 200
    timings[workers] = time.perf_counter() - start
    shutdown(name)
rows.append(("sum-of-squares(200M) ×8, 1 worker process", f"{timings[1]:.2f} s"))
rows.append(("same, 2 worker processes", f"{timings[2]:.2f} s"))
rows.append(("speed-up of 2 workers over 1", f"{timings[1] / timings[2]:.2f}×"))

print("| measure | value |\n|---|---|")
for measure, value in rows:
    print(f"| {measure} | {value} |")
