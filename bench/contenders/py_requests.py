"""Python requests: one Session shared by a thread pool of `connections` threads, its
HTTPAdapter pool sized the same and blocking, so at most `connections` sockets are open."""
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import requests  # noqa: E402
from requests.adapters import HTTPAdapter  # noqa: E402

from py_common import config, payload, report  # noqa: E402

cfg = config()
threading.Timer(cfg["limitSeconds"], lambda: os._exit(2)).start()
origin, kind, conns = cfg["origin"], cfg["kind"], cfg["connections"]
session = requests.Session()
session.trust_env = False  # no proxies from the environment: straight to 127.0.0.1
adapter = HTTPAdapter(pool_connections=1, pool_maxsize=conns, pool_block=True, max_retries=0)
session.mount("http://", adapter)


def checked(response):
    response.raise_for_status()
    return response.json()


if kind in ("small", "queued"):
    def op(i):
        return checked(session.get(origin + "/things/" + str(i % 100)))
elif kind == "big":
    def op(i):
        return checked(session.get(origin + "/big"))
elif kind == "post":
    def op(i):
        return checked(session.post(origin + "/echo", json=payload(i)))
elif kind == "cookie":
    checked(session.get(origin + "/cookie/login"))

    def op(i):
        return checked(session.get(origin + "/cookie/check"))
else:
    raise SystemExit("unknown kind " + kind)

state = {"errors": 0, "first": None}
lock = threading.Lock()


def timed(i, latencies, start=None):
    begin = time.perf_counter() if start is None else start
    try:
        op(i)
    except Exception as error:  # counted, not fatal
        with lock:
            state["errors"] += 1
            state["first"] = state["first"] or repr(error)
    if latencies is not None:
        latencies[i] = (time.perf_counter() - begin) * 1000


def drive(count, latencies):
    counter = iter(range(count))

    def worker():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            timed(i, latencies)

    with ThreadPoolExecutor(max_workers=conns) as pool:
        for future in [pool.submit(worker) for _ in range(min(conns, count))]:
            future.result()


drive(cfg["warmup"], None)
latencies = [0.0] * cfg["requests"]
cpu_started = time.process_time()
started = time.perf_counter()
if kind == "queued":
    with ThreadPoolExecutor(max_workers=conns) as pool:
        futures = [pool.submit(timed, i, latencies, time.perf_counter()) for i in range(cfg["requests"])]
        for future in futures:
            future.result()
else:
    drive(cfg["requests"], latencies)
seconds = time.perf_counter() - started
cpu_seconds = time.process_time() - cpu_started
session.close()
report(cfg, seconds, latencies, state["errors"], state["first"], cpu_seconds)
os._exit(0)
