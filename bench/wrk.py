"""Running wrk against a URL for a bounded time, and reading its summary."""

import re
import shutil
import subprocess
from dataclasses import asdict, dataclass

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_DURATION = r"([\d.]+)(us|ms|s|m)"


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    # wrk counts answers outside 2xx and 3xx, and socket errors (connect, read, write, timeout).
    bad_responses: int
    socket_errors: int

    def as_dict(self):
        return asdict(self)


class WrkMissingError(RuntimeError):
    pass


def _milliseconds(value, unit):
    return float(value) * UNITS[unit]


def parse(output):
    """The numbers in `wrk --latency` output."""
    percentiles = {
        int(percent): _milliseconds(value, unit)
        for percent, value, unit in re.findall(rf"^\s+(\d+)%\s+{_DURATION}\s*$", output, re.M)
    }
    requests = re.search(r"^\s+(\d+) requests in", output, re.M)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    if not (percentiles and requests and rate):
        raise ValueError(f"Not wrk --latency output:\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return WrkResult(
        requests_per_second=float(rate.group(1)),
        p50_ms=percentiles[50],
        p99_ms=percentiles[99],
        requests=int(requests.group(1)),
        bad_responses=int(bad.group(1)) if bad else 0,
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
    )


def run(url, duration, connections=4, threads=1, headers=()):
    """Load `url` for `duration` seconds (loopback only) and return the summary."""
    if not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise ValueError(f"wrk only ever targets this machine, not {url}")
    wrk = shutil.which("wrk")
    if wrk is None:
        raise WrkMissingError("wrk is not installed: apt-get install wrk (make bench does it)")
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    completed = subprocess.run(  # noqa: S603 - fixed program, our own arguments
        [*command, url], capture_output=True, text=True, timeout=duration + 30, check=True
    )
    return parse(completed.stdout)
