#!/usr/bin/env python3
"""Submit throughput and submit→finish latency of one Jobpool instance, over real HTTP.

Usage: bench/store.py [base-url] [label]. Run it once against a service with jobpool.store=memory and once
with jobpool.store=postgres to compare. Standard library only; prints one Markdown table row.
  - latency: 1,000 × (submit echo, then GET result), one at a time: p50 / p99; and the median time from
    submitted to started (the queue: with postgres, insert, NOTIFY and claim) of the last 200 of them;
  - throughput: 4 clients, each with its own keep-alive connection, submitting 2,000 echo calls in all; the
    clock stops when the last of them has finished (checked with /futures/wait).
"""
import http.client, json, sys, threading, time, urllib.parse

BASE = urllib.parse.urlparse(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
LABEL = sys.argv[2] if len(sys.argv) > 2 else BASE.geturl()


def client():
    return http.client.HTTPConnection(BASE.hostname, BASE.port or 80, timeout=300)


def call(conn, method, path, body=None):
    conn.request(method, path, body=None if body is None else json.dumps(body),
                 headers={"Content-Type": "application/json", "Accept": "application/json"})
    response = conn.getresponse()
    data = response.read()
    return response.status, (json.loads(data) if data else None)


def submit(conn, value):
    status, future = call(conn, "POST", "/api/v1/executors/default/futures", {"task": "echo", "args": [value]})
    assert status == 202, future
    return future["id"]


conn = client()
for i in range(2000):  # warm up: the JIT on both sides
    call(conn, "GET", f"/api/v1/futures/{submit(conn, i)}/result?timeout=60")
samples, recent = [], []
for i in range(1000):
    start = time.perf_counter()
    future_id = submit(conn, i)
    call(conn, "GET", f"/api/v1/futures/{future_id}/result?timeout=60")
    samples.append((time.perf_counter() - start) * 1e3)
    recent.append(future_id)
samples.sort()


def instant(text):
    # 2026-11-26T12:00:00.123456Z -> seconds (microsecond precision is enough here)
    from datetime import datetime
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


waits = []
for future_id in recent[-200:]:
    future = call(conn, "GET", f"/api/v1/futures/{future_id}")[1]
    waits.append((instant(future["startedAt"]) - instant(future["submittedAt"])) * 1e3)
waits.sort()

ids, lock, total, clients = [], threading.Lock(), 2000, 4


def load(n):
    mine = client()
    made = [submit(mine, i) for i in range(n)]
    with lock:
        ids.extend(made)


start = time.perf_counter()
threads = [threading.Thread(target=load, args=(total // clients,)) for _ in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for i in range(0, len(ids), 500):
    status, waited = call(conn, "POST", "/api/v1/futures/wait", {"ids": ids[i:i + 500], "timeout": 120})
    assert not waited["notDone"], "not all finished"
elapsed = time.perf_counter() - start
print(f"| {LABEL} | {samples[500]:.2f} ms / {samples[990]:.2f} ms | {waits[100]:.1f} ms |"
      f" {total / elapsed:,.0f} submits/s |")
