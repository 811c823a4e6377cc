"""Measurement helpers: wall time, the provider hosts' peak RSS and CPU, state sizes.

Peak RSS comes from ``/proc/<pid>/status`` (``VmHWM``, the kernel's high-water mark
of resident memory), CPU from ``/proc/<pid>/stat`` (``utime + stime``, every thread),
of every provider host descended from this one (``python ... -m pulumi.dynamic`` or
the native plugin), sampled by a background thread while an operation runs. A host
exits with the operation, so its CPU is the last sample's: at most one interval (50 ms)
short. psutil is not a dependency; ``/proc`` is all we need on Linux. Elsewhere the
figures are None.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROC = Path("/proc")
DYNAMIC_HOST_MARK = "pulumi.dynamic"
#: The native provider's plugin command (its path is an argument of its interpreter).
NATIVE_PLUGIN = "pulumi-resource-chime-proxy"
PROVIDER_KEY = "__provider"
SECRET_SIG = "4dabf18193072939515e22adb298388d"


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """``with stopwatch() as t: ...`` then ``t[0]`` is the elapsed wall time in seconds."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return None


def _ppid(pid: int) -> int | None:
    stat = _read(PROC / str(pid) / "stat")
    if not stat:
        return None
    # "pid (comm) state ppid ...": comm may hold spaces and parentheses
    fields = stat.rsplit(")", 1)[-1].split()
    return int(fields[1]) if len(fields) > 1 else None


def _is_descendant(pid: int, ancestor: int) -> bool:
    seen = 0
    while pid > 1 and seen < 64:
        if pid == ancestor:
            return True
        parent = _ppid(pid)
        if parent is None:
            return False
        pid, seen = parent, seen + 1
    return False


TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float | None:
    """``utime + stime`` of ``pid`` (all its threads) in seconds, or None if it is gone."""
    stat = _read(PROC / str(pid) / "stat")
    if not stat:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND


def vm_hwm_kib(pid: int) -> int | None:
    """``VmHWM`` of ``pid`` in KiB, or None if the process is gone."""
    status = _read(PROC / str(pid) / "status")
    if not status:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def is_provider_host(argv: list[str]) -> bool:
    """A dynamic provider host (``-m pulumi.dynamic``) or the native plugin."""
    return DYNAMIC_HOST_MARK in argv or any(arg.endswith("/" + NATIVE_PLUGIN) for arg in argv)


def provider_host_pids(ancestor: int | None = None) -> list[int]:
    """PIDs of provider host processes below ``ancestor`` (default: this process)."""
    root = os.getpid() if ancestor is None else ancestor
    found: list[int] = []
    if not PROC.is_dir():
        return found
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        cmdline = _read(entry / "cmdline")
        if not cmdline or not is_provider_host(cmdline.split("\0")):
            continue
        pid = int(entry.name)
        if _is_descendant(pid, root):
            found.append(pid)
    return found


class ProviderHosts:
    """Sample the provider hosts (dynamic hosts and the native plugin) while the block runs.

    ``peak_kib`` is the largest ``VmHWM`` seen (None if no host was seen or ``/proc`` is
    missing); ``cpu_s`` the CPU seconds the hosts used (each host's last sample, less
    what it had used when the block started); ``hosts`` how many distinct hosts were seen.
    """

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_kib: int | None = None
        self._pids: set[int] = set()
        self._cpu: dict[int, float] = {}
        self._cpu_at_start: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-rss", daemon=True)

    @property
    def hosts(self) -> int:
        return len(self._pids)

    @property
    def cpu_s(self) -> float | None:
        if not self._cpu:
            return None
        return sum(cpu - self._cpu_at_start.get(pid, 0.0) for pid, cpu in self._cpu.items())

    def _sample(self) -> None:
        if not self._pids or self._scan_due():
            self._pids.update(provider_host_pids())
        for pid in list(self._pids):
            hwm = vm_hwm_kib(pid)
            if hwm is not None and (self.peak_kib is None or hwm > self.peak_kib):
                self.peak_kib = hwm
            cpu = cpu_seconds(pid)
            if cpu is not None:
                self._cpu[pid] = cpu

    _scans = 0

    def _scan_due(self) -> bool:
        self._scans += 1
        return self._scans % 10 == 0  # look for new hosts every ~0.5 s once one is known

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> ProviderHosts:
        for pid in provider_host_pids():  # hosts already running (none, for the engine's)
            self._cpu_at_start[pid] = cpu_seconds(pid) or 0.0
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sample()  # the hosts still running at the end


def provider_field(state: dict[str, Any]) -> dict[str, Any]:
    """``__provider`` as stored for the first dynamic resource of an exported state.

    Returns ``{"bytes": <length of the stored JSON value>, "secret": bool,
    "copies": <how many times one resource stores it (inputs, outputs)>}``; bytes is
    the length of the ciphertext envelope when secret, of the pickle string otherwise.
    """
    for resource in state.get("deployment", {}).get("resources") or []:
        copies = [part[PROVIDER_KEY] for part in (resource.get("inputs"), resource.get("outputs"))
                  if isinstance(part, dict) and PROVIDER_KEY in part]
        if copies:
            value = copies[-1]
            return {
                "bytes": len(json.dumps(value, separators=(",", ":"))),
                "secret": isinstance(value, dict) and SECRET_SIG in value,
                "copies": len(copies),
            }
    return {"bytes": None, "secret": None, "copies": 0}


def stack_trace_bytes(state: dict[str, Any]) -> int:
    """Bytes of the ``stackTrace`` entries the engine records per resource (program
    source positions: the same for every variant, but a large part of the state)."""
    return sum(len(json.dumps(r["stackTrace"], separators=(",", ":")))
               for r in state.get("deployment", {}).get("resources") or [] if "stackTrace" in r)


def resource_count(state: dict[str, Any],
                   type_prefixes: tuple[str, ...] = ("pulumi-python:dynamic", "chime-proxy:index:")) -> int:
    """How many resources of this package (either front) or no-ops an exported state holds."""
    return sum(1 for r in state.get("deployment", {}).get("resources") or []
               if str(r.get("type", "")).startswith(type_prefixes))
