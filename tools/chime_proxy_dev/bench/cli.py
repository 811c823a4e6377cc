"""``make bench``: refresh cost of N proxy sessions vs the engine floor, a naive provider
and the AWS CLI. Progress on stderr, the table on stdout, everything in JSON.

``--latency-ms N`` makes the emulator answer every API call N ms late (its admin
fault surface), which is what AWS does: it shows how many reads are in flight."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi_chime_proxy.kernel.shards import shard_count

from .. import provision
from . import emulator_process as emu
from . import report, scenarios
from .plot import plot_sweep

DEFAULT_OUT = Path("bench-results/refresh.json")
DEFAULT_SWEEP = (50, 200, 1000)


@dataclass(frozen=True)
class Options:
    n: int = 200
    repeat: int = 3
    out: Path = DEFAULT_OUT
    sweep: bool = False
    sweep_ns: tuple[int, ...] = DEFAULT_SWEEP
    variants: tuple[str, ...] = ("ours", "floor", "naive", "cli")
    serialize_secret: str = "both"
    endpoint: str | None = None  # an emulator already running; default: start one
    latency_ms: float = 0.0
    shards: int = 4  # chime-proxy:shards of the ``sharded`` variant
    parallel: int | None = None  # pulumi --parallel for up/refresh/destroy (None: CLI default)


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def expand_variants(variants: Sequence[str], serialize_secret: str) -> list[str]:
    """``ours`` becomes ours_secret (secret on) and/or ours (as shipped: off); order kept."""
    out: list[str] = []
    for v in variants:
        if v not in ("ours", "sharded", "native", "floor", "naive", "cli"):
            raise ValueError(f"unknown variant {v!r}; choose from ours, sharded, native, floor, "
                             "naive, cli")
        if v == "ours":
            if serialize_secret in ("off", "both"):
                out.append("ours")
            if serialize_secret in ("on", "both"):
                out.append("ours_secret")
        elif v not in out:
            out.append(v)
    return out


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


@contextlib.contextmanager
def _emulator(endpoint: str | None) -> Iterator[str]:
    if endpoint:
        yield endpoint
    else:
        with emu.emulator_process() as url:
            yield url


def _bench_n(ctx: scenarios.Context, n: int, repeat: int, variants: list[str],
             baseline: int, latency_ms: float) -> dict[str, Any]:
    samples: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    for r in range(repeat):  # interleaved, so slow drift in load spreads over variants
        for variant in variants:
            ctx.log(f"N={n} repeat {r + 1}/{repeat}: {variant} ...")
            sample = scenarios.run(ctx, variant, n, r, baseline)
            samples[variant].append(sample)
            up = sample.get("up_s")
            ctx.log(f"N={n} repeat {r + 1}/{repeat}: {variant}: "
                    f"up {'n/a' if up is None else f'{up:.2f}s'}, refresh {sample['refresh_s']:.2f}s")
    meds = report.medians(samples)
    botocore = scenarios.botocore_cpu(ctx, max(50, min(n, 300)))
    ctx.log(f"N={n}: botocore CPU per create {botocore['create_ms']:.2f} ms, "
            f"per get {botocore['get_ms']:.2f} ms")
    return {
        "n": n,
        "repeat": repeat,
        "samples": samples,
        "medians": meds,
        "botocore_cpu_ms": botocore,
        "provider_cpu": report.provider_cpu(meds, botocore),
        "ratios": report.ratios(meds),
        "latency": report.latency_effect(meds, n, latency_ms),
        "secret_effect": report.secret_effect(meds),
        "empty_state_bytes": baseline,
    }


def run_bench(opts: Options) -> dict[str, Any]:
    """Run every requested N and variant; write the JSON (and PNG for a sweep); return it."""
    variants = expand_variants(opts.variants, opts.serialize_secret)
    ns = list(opts.sweep_ns) if opts.sweep else [opts.n]
    install = provision.ensure(log=_log)
    result: dict[str, Any] = {
        "command": "make bench",
        "options": {"n": opts.n, "repeat": opts.repeat, "sweep": opts.sweep, "ns": ns,
                    "variants": variants, "serialize_secret": opts.serialize_secret,
                    "latency_ms": opts.latency_ms, "shards": opts.shards,
                    "parallel": opts.parallel},
        "variants": {v: scenarios.DESCRIPTIONS[v] for v in variants},
        "environment": {
            "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "cpu_count": os.cpu_count(), "loadavg_start": _loadavg(),
            "python": platform.python_version(), "pulumi": install.version,
            "rss_source": "/proc/<pid>/status VmHWM" if Path("/proc").is_dir() else None,
        },
        "results": [],
    }
    with tempfile.TemporaryDirectory(prefix="chime-proxy-bench-") as tmp, \
            _emulator(opts.endpoint) as url:
        _log(f"emulator at {url}; pulumi v{install.version}; variants {', '.join(variants)}")
        client = emu.client(url)
        vc = scenarios.voice_connector(client)
        ctx = scenarios.Context(install, url, vc, Path(tmp), _log, opts.shards, opts.parallel)
        try:
            baseline = scenarios.empty_state_bytes(ctx)
            if opts.latency_ms:
                emu.add_latency(url, opts.latency_ms)
            for n in ns:
                block = _bench_n(ctx, n, opts.repeat, variants, baseline, opts.latency_ms)
                block["leftover_sessions"] = emu.session_count(url)
                block["loadavg_after"] = _loadavg()
                result["results"].append(block)
        finally:
            if opts.latency_ms:
                emu.clear_latency(url)
            result["leftover_sessions"] = emu.session_count(url)
            with contextlib.suppress(Exception):
                client.delete_voice_connector_proxy(VoiceConnectorId=vc)
                client.delete_voice_connector(VoiceConnectorId=vc)
    result["environment"]["loadavg_end"] = _loadavg()
    opts.out.parent.mkdir(parents=True, exist_ok=True)
    if opts.sweep:
        chart = opts.out.with_suffix(".png")
        plot_sweep(result["results"], chart,
                   f"make bench: median wall time vs N (repeat {opts.repeat})")
        result["chart"] = str(chart)
    opts.out.write_text(json.dumps(result, indent=2) + "\n")
    return result


def render(result: dict[str, Any]) -> str:
    env = result["environment"]
    parts = [report.legend(scenarios.DESCRIPTIONS, result["options"]["variants"]), ""]
    for block in result["results"]:
        parts += [report.table(block), ""]
    latency = result["options"].get("latency_ms")
    if latency:
        parts.append(f"every emulator API call answered {latency:g} ms late")
    if result["options"].get("parallel"):
        parts.append(f"pulumi --parallel {result['options']['parallel']}")
    if "sharded" in result["options"]["variants"]:
        how = "" if result["options"].get("parallel") else (
            ", refreshed with --parallel at its resource count (as chime-proxy drift does)")
        parts.append(f"sharded ran with chime-proxy:shards = {result['options']['shards']}{how}")
    parts.append(f"cores {env['cpu_count']}, load average (1/5/15 min) at start {env['loadavg_start']}, "
                 f"at end {env.get('loadavg_end')}; pulumi v{env['pulumi']}")
    if result.get("chart"):
        parts.append(f"chart: {result['chart']}")
    return "\n".join(parts)


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip())


def _latency(text: str) -> float:
    """``--latency-ms``: a finite number from 0 to the emulator's longest latency."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--latency-ms: {text!r} is not a number") from None
    if not 0 <= value <= emu.MAX_LATENCY_MS:  # NaN fails too
        raise argparse.ArgumentTypeError(f"--latency-ms: must be from 0 to {emu.MAX_LATENCY_MS:.0f}")
    return value


def _shards(text: str) -> int:
    try:
        return shard_count(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--shards: {exc}") from None


def _parallel(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 1024:
        raise argparse.ArgumentTypeError(f"--parallel: {text!r} is not an integer from 1 to 1024")
    return int(text)


def register(subparsers: Any) -> None:
    """Add ``bench`` to the top-level CLI."""
    p = subparsers.add_parser(
        "bench", help="refresh cost of N sessions vs the engine floor, a naive provider, the AWS CLI",
        description=__doc__)
    p.add_argument("--n", type=int, default=200, help="sessions per run (default 200)")
    p.add_argument("--repeat", type=int, default=3, help="runs per variant; medians reported (default 3)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON output (default {DEFAULT_OUT})")
    p.add_argument("--sweep", action="store_true", help="run every N of --sweep-ns and plot a PNG")
    p.add_argument("--sweep-ns", type=_ints, default=DEFAULT_SWEEP, metavar="N,N,...",
                   help="N values for --sweep (default 50,200,1000)")
    p.add_argument("--variants", default="ours,floor,naive,cli",
                   help="comma-separated subset of ours,sharded,native,floor,naive,cli")
    p.add_argument("--serialize-secret", choices=("on", "off", "both"), default="both",
                   help="serialize_as_secret_always for ours: off (as shipped), on (ours_secret), both")
    p.add_argument("--endpoint", help="use this running emulator instead of starting one")
    p.add_argument("--latency-ms", type=_latency, default=0.0, metavar="MS",
                   help="answer every emulator API call MS milliseconds late, as AWS does "
                        "(default 0; clears the emulator's faults at the end)")
    p.add_argument("--shards", type=_shards, default=4, metavar="K",
                   help="chime-proxy:shards of the sharded variant: sessions spread over K "
                        "provider host processes (default 4)")
    p.add_argument("--parallel", type=_parallel, default=None, metavar="P",
                   help="pulumi --parallel for up, refresh and destroy (default: the CLI's, "
                        "4 x cores, but the sharded variant's refresh uses its resource count)")
    p.set_defaults(func=_main)


def _main(args: argparse.Namespace) -> int:
    opts = Options(n=args.n, repeat=args.repeat, out=args.out, sweep=args.sweep,
                   sweep_ns=args.sweep_ns,
                   variants=tuple(v.strip() for v in args.variants.split(",") if v.strip()),
                   serialize_secret=args.serialize_secret, endpoint=args.endpoint,
                   latency_ms=args.latency_ms, shards=args.shards, parallel=args.parallel)
    result = run_bench(opts)
    print(render(result))
    _log(f"results written to {opts.out}")
    return 0 if result["leftover_sessions"] == 0 else 1
