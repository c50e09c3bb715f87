"""Reads driven by wrk (Debian's load generator, in C): the figures that compare a read with the
bare endpoint need a generator much lighter than the server, or the ceiling measured is the
generator's (on 2 cores the Python generator took a third of the CPU the bare endpoint had).
Each request carries the next applicant's token, from a Lua script wrk runs."""
from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

from bench.servers import Server

SECONDS = 6
SCRIPT = """
local tokens = {}
for line in io.lines("%(tokens)s") do tokens[#tokens + 1] = line end
local n = 0
request = function()
  n = n + 1
  local headers = {}
  if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[(n %% #tokens) + 1] end
  return wrk.format("GET", "%(path)s", headers)
end
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


class Reads(NamedTuple):
    """GET `path` on `server` over `connections`, each request with the next of `tokens`; wrk
    pinned to `cpus` (taskset) when given, as a host's own clients would be beside it."""

    server: Server
    path: str
    tokens: list[str]
    connections: int
    cpus: str | None = None


def reads_at_once(runs: list[Reads], seconds: int = SECONDS) -> list[dict[str, Any]]:
    """The runs at once; what each measured: requests per second, p99, errors (non-2xx answers
    and socket errors)."""
    with tempfile.TemporaryDirectory() as workdir:
        processes = [subprocess.Popen(_command(Path(workdir) / str(n), run, seconds), stdout=subprocess.PIPE, text=True)
                     for n, run in enumerate(runs)]
        outputs = [process.communicate()[0] for process in processes]
    assert all(process.returncode == 0 for process in processes), outputs
    return [_figures(output) for output in outputs]


def reads(server: Server, path: str, tokens: list[str], connections: int) -> dict[str, Any]:
    return reads_at_once([Reads(server, path, tokens, connections)])[0]


def _command(workdir: Path, run: Reads, seconds: int) -> list[str]:
    workdir.mkdir()
    (workdir / "tokens.txt").write_text("\n".join(run.tokens))
    (workdir / "request.lua").write_text(SCRIPT % {"tokens": workdir / "tokens.txt", "path": run.path})
    command = ["wrk", "-t1", f"-c{run.connections}", f"-d{seconds}s", "--latency", "-s", str(workdir / "request.lua"),
               f"{run.server.base_url}{run.path}"]
    return command if run.cpus is None else ["taskset", "-c", run.cpus, *command]


def _figures(output: str) -> dict[str, Any]:
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    return {"requests": requests, "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50_ms": _percentile_ms(output, 50), "p99_ms": _percentile_ms(output, 99), "errors": errors,
            "tool": "wrk"}


def _percentile_ms(output: str, percent: int) -> float:
    """A line of wrk's latency distribution (`--latency`), in milliseconds."""
    found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)$", output, re.MULTILINE)
    return round(float(found.group(1)) * UNITS[found.group(2)], 2)
