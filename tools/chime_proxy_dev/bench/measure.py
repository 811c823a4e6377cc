"""Measurement helpers: wall time, peak RSS and CPU by process, state sizes.

Peak RSS comes from ``/proc/<pid>/status`` (``VmHWM``, the kernel's high-water mark of
resident memory) of the provider hosts (``python ... -m pulumi.dynamic`` or the native
plugin); CPU from ``/proc/<pid>/stat`` (``utime + stime``, every thread) of every
process of the operation descended from this one (the engine, the provider hosts, the
emulator), sampled by a background thread while an operation runs. A process that exits
with the operation counts with its last sample: at most one interval (50 ms) short.
psutil is not a dependency; ``/proc`` is all we need on Linux. Elsewhere the figures
are None.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
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


def is_engine(argv: list[str]) -> bool:
    """The Pulumi CLI or one of its language hosts."""
    name = Path(argv[0]).name if argv else ""
    return name == "pulumi" or name.startswith("pulumi-language-")


def is_emulator(argv: list[str]) -> bool:
    """``chime-proxy emulator serve`` (the bench's own, as a separate process)."""
    return "emulator" in argv and "serve" in argv


#: The processes a phase's CPU is counted for, by role; the program of an inline stack
#: runs in this process, counted as ``harness``.
ROLES: dict[str, Callable[[list[str]], bool]] = {
    "engine": is_engine, "providers": is_provider_host, "emulator": is_emulator}


def role_pids(ancestor: int | None = None) -> dict[int, str]:
    """The role of every process below ``ancestor`` (default: this process) that has one."""
    root = os.getpid() if ancestor is None else ancestor
    found: dict[int, str] = {}
    if not PROC.is_dir():
        return found
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        cmdline = _read(entry / "cmdline")
        if not cmdline:
            continue
        argv = cmdline.split("\0")
        role = next((name for name, matches in ROLES.items() if matches(argv)), None)
        if role is not None and _is_descendant(int(entry.name), root):
            found[int(entry.name)] = role
    return found


class PhaseSampler:
    """Sample the processes of an operation while the block runs.

    ``peak_kib`` is the provider hosts' largest ``VmHWM`` (None if no host was seen or
    ``/proc`` is missing); ``hosts`` how many distinct hosts were seen; ``cpu_s[role]``
    the CPU seconds each role's processes used over the block (a process's last sample,
    less what it had used when the block started; ``harness``: this process's own).
    """

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_kib: int | None = None
        self._roles: dict[int, str] = {}
        self._cpu: dict[int, float] = {}
        self._cpu_at_start: dict[int, float] = {}
        self._harness_at_start = 0.0
        self.harness_cpu_s: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="phase-sampler", daemon=True)

    @property
    def hosts(self) -> int:
        return sum(1 for role in self._roles.values() if role == "providers")

    @property
    def cpu_s(self) -> dict[str, float | None]:
        used: dict[str, float | None] = {role: None for role in ROLES}
        for pid, cpu in self._cpu.items():
            role = self._roles[pid]
            used[role] = (used[role] or 0.0) + cpu - self._cpu_at_start.get(pid, 0.0)
        return {**used, "harness": self.harness_cpu_s}

    _scans = 0

    def _sample(self) -> None:
        self._scans += 1
        if not self.hosts or self._scans % 4 == 0:  # new processes: each sample until a
            self._roles.update(role_pids())      # host shows, then every ~0.2 s
        for pid, role in list(self._roles.items()):
            if role == "providers":
                hwm = vm_hwm_kib(pid)
                if hwm is not None and (self.peak_kib is None or hwm > self.peak_kib):
                    self.peak_kib = hwm
            cpu = cpu_seconds(pid)
            if cpu is not None:
                self._cpu[pid] = cpu

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> PhaseSampler:
        for pid, role in role_pids().items():  # already running: the emulator
            self._roles[pid] = role
            self._cpu_at_start[pid] = cpu_seconds(pid) or 0.0
        self._harness_at_start = time.process_time()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sample()  # the processes still running at the end
        self.harness_cpu_s = time.process_time() - self._harness_at_start


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
