"""Shared result formatting for the Python contenders (run by /usr/bin/python3, Debian's packages)."""
import json
import math
import resource
import sys


def payload(i):
    return {"id": i, "name": "thing-" + str(i), "tags": ["a", "b", "c"], "nested": {"x": i % 7, "y": "two"}}


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, math.ceil(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def config():
    return json.loads(sys.argv[1])


def report(cfg, seconds, latencies, errors, first_error, cpu_seconds):
    latencies = sorted(latencies)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "ok": errors == 0,
        "requests": cfg["requests"],
        "warmup": cfg["warmup"],
        "errors": errors,
        "firstError": first_error,
        "seconds": seconds,
        "rps": cfg["requests"] / seconds,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "maxRssMB": usage.ru_maxrss / 1024,
        "cpuSeconds": cpu_seconds,  # the measured calls only
    }
    sys.stdout.write(json.dumps(result) + "\n")
