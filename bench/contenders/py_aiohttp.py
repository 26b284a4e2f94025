"""Python aiohttp: one ClientSession over a TCPConnector(limit=connections); `connections`
worker tasks, or for the queued workload every call gathered at once behind the limit."""
import asyncio
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aiohttp  # noqa: E402

from py_common import config, payload, report  # noqa: E402

cfg = config()
threading.Timer(cfg["limitSeconds"], lambda: os._exit(2)).start()


async def main():
    origin, kind, conns = cfg["origin"], cfg["kind"], cfg["connections"]
    connector = aiohttp.TCPConnector(limit=conns, limit_per_host=conns)
    jar = aiohttp.CookieJar(unsafe=True) if kind == "cookie" else aiohttp.DummyCookieJar()
    async with aiohttp.ClientSession(connector=connector, cookie_jar=jar, trust_env=False) as session:
        async def get(path):
            async with session.get(origin + path) as response:
                response.raise_for_status()
                return await response.json()

        if kind in ("small", "queued"):
            async def op(i):
                return await get("/things/" + str(i % 100))
        elif kind == "big":
            async def op(i):
                return await get("/big")
        elif kind == "post":
            async def op(i):
                async with session.post(origin + "/echo", json=payload(i)) as response:
                    response.raise_for_status()
                    return await response.json()
        elif kind == "cookie":
            await get("/cookie/login")

            async def op(i):
                return await get("/cookie/check")
        else:
            raise SystemExit("unknown kind " + kind)

        state = {"errors": 0, "first": None}

        async def timed(i, latencies, start=None):
            begin = time.perf_counter() if start is None else start
            try:
                await op(i)
            except Exception as error:
                state["errors"] += 1
                state["first"] = state["first"] or repr(error)
            if latencies is not None:
                latencies[i] = (time.perf_counter() - begin) * 1000

        async def drive(count, latencies):
            counter = iter(range(count))

            async def worker():
                for i in counter:
                    await timed(i, latencies)

            await asyncio.gather(*(worker() for _ in range(min(conns, count))))

        await drive(cfg["warmup"], None)
        latencies = [0.0] * cfg["requests"]
        cpu_started = time.process_time()
        started = time.perf_counter()
        if kind == "queued":
            now = time.perf_counter()
            await asyncio.gather(*(timed(i, latencies, now) for i in range(cfg["requests"])))
        else:
            await drive(cfg["requests"], latencies)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
    report(cfg, seconds, latencies, state["errors"], state["first"], cpu_seconds)


asyncio.run(main())
os._exit(0)
