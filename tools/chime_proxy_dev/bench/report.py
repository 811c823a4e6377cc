"""Pure summary code: medians, ratios, the secret on/off difference, the text table."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: Per-sample numbers whose median the report shows.
METRICS = (
    "up_s",
    "refresh_s",
    "destroy_s",
    "refresh_provider_peak_rss_kib",
    "up_provider_peak_rss_kib",
    "up_provider_cpu_ms_per_session",
    "refresh_provider_cpu_ms_per_session",
    *(f"{phase}_{role}_cpu_s" for phase in ("up", "refresh")
      for role in ("engine", "providers", "emulator", "harness")),
    "refresh_emulator_calls",
    "refresh_emulator_rps",
    "refresh_reads_in_flight",
    "refresh_peak_in_flight",
    "refresh_read_phase_s",
    "refresh_outside_reads_s",
    "state_bytes",
    "state_bytes_per_session",
    "stack_trace_bytes_per_session",
    "provider_field_bytes",
)
#: (ratio label, numerator variant, denominator variant); "ours" falls back to ours_secret.
RATIOS = (("ours/floor", "ours", "floor"), ("sharded/floor", "sharded", "floor"),
          ("native/floor", "native", "floor"), ("native/ours", "native", "ours"),
          ("naive/ours", "naive", "ours"), ("cli/ours", "cli", "ours"))
#: Reads in flight the latency target asks for (the engine host alone allows 4).
TARGET_IN_FLIGHT = 16


def read_phase(figures: dict[str, Any], refresh_s: float) -> dict[str, float | None]:
    """How a refresh of ``refresh_s`` seconds spent its time, from the emulator's figures:
    requests in flight (mean and peak) while any were being answered, how long that was,
    and the rest (plugin start-up, state load and save: the engine's and hosts' own time)."""
    active = float(figures.get("ActiveSeconds") or 0.0)
    busy = float(figures.get("BusySeconds") or 0.0)
    return {
        "refresh_reads_in_flight": busy / active if active > 0 else None,
        "refresh_peak_in_flight": float(figures.get("PeakInFlight") or 0),
        "refresh_read_phase_s": active if active > 0 else None,
        "refresh_outside_reads_s": refresh_s - active if active > 0 else None,
    }


def median(values: Iterable[Any]) -> float | None:
    """Median of the numeric values (None and non-numbers ignored); None if there are none."""
    nums = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return statistics.median(nums) if nums else None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def medians(samples: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, dict[str, float | None]]:
    """``{variant: {metric: median over repeats}}``."""
    return {variant: {m: median(s.get(m) for s in runs) for m in METRICS}
            for variant, runs in samples.items()}


def ours_key(meds: Mapping[str, Any]) -> str | None:
    """Which variant stands for "ours": as shipped if measured, else the secret-on one."""
    for key in ("ours", "ours_secret"):
        if key in meds:
            return key
    return None


def ratios(meds: Mapping[str, Mapping[str, float | None]]) -> dict[str, dict[str, float | None]]:
    """``{"refresh": {"ours/floor": x, ...}, "up": {...}}`` from medians (None if unmeasured)."""
    ours = ours_key(meds)
    out: dict[str, dict[str, float | None]] = {}
    for phase in ("refresh", "up"):
        row: dict[str, float | None] = {}
        for label, num_name, den_name in RATIOS:
            num = (ours or "") if num_name == "ours" else num_name
            den = (ours or "") if den_name == "ours" else den_name
            a = meds.get(num, {}).get(f"{phase}_s")
            b = meds.get(den, {}).get(f"{phase}_s")
            row[label] = ratio(a, b)
        out[phase] = row
    return out


def provider_cpu(meds: Mapping[str, Mapping[str, float | None]],
                 botocore: Mapping[str, float]) -> dict[str, dict[str, float | None]]:
    """Per variant: the provider hosts' CPU per session in up (a Create and its check and
    diff) and in refresh (a Read), each against botocore's CPU per call it has to make."""
    return {variant: {
        "per_create_ms": m.get("up_provider_cpu_ms_per_session"),
        "per_read_ms": m.get("refresh_provider_cpu_ms_per_session"),
        "create/botocore": ratio(m.get("up_provider_cpu_ms_per_session"), botocore.get("create_ms")),
        "read/botocore": ratio(m.get("refresh_provider_cpu_ms_per_session"), botocore.get("get_ms")),
    } for variant, m in meds.items() if m.get("refresh_provider_cpu_ms_per_session") is not None}


def latency_effect(
    meds: Mapping[str, Mapping[str, float | None]], n: int, latency_ms: float,
) -> dict[str, float | None] | None:
    """With injected latency: the refresh target (floor + N x latency / 16), and each
    variant's refresh against it."""
    if not latency_ms:
        return None
    floor_s = meds.get("floor", {}).get("refresh_s")
    serial_s = n * latency_ms / 1000.0
    target = floor_s + serial_s / TARGET_IN_FLIGHT if floor_s is not None else None
    effect: dict[str, float | None] = {"latency_ms": latency_ms, "target_refresh_s": target}
    for variant in ("ours", "ours_secret", "sharded", "native"):
        if variant not in meds:
            continue
        effect[f"{variant}/target"] = ratio(meds[variant].get("refresh_s"), target)
    return effect


def secret_effect(
    meds: Mapping[str, Mapping[str, float | None]],
) -> dict[str, dict[str, float | None]] | None:
    """``serialize_as_secret_always`` on (ours_secret) vs off (ours), when both ran."""
    if "ours" not in meds or "ours_secret" not in meds:
        return None
    effect: dict[str, dict[str, float | None]] = {}
    for metric in ("up_s", "refresh_s", "state_bytes_per_session", "provider_field_bytes"):
        on, off = meds["ours_secret"].get(metric), meds["ours"].get(metric)
        delta = on - off if on is not None and off is not None else None
        effect[metric] = {"on": on, "off": off, "on_minus_off": delta, "on/off": ratio(on, off)}
    return effect


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def table(block: Mapping[str, Any]) -> str:
    """The human-readable report of one N (``block`` as written to the JSON)."""
    n, repeat, meds = block["n"], block["repeat"], block["medians"]
    lines = [f"N = {n} sessions, medians of {repeat} run(s); times in seconds"]
    header = ("variant", "up", "refresh", "destroy", "prov RSS MiB", "emu req/s",
              "state B/sess", "trace B/sess", "__provider B")
    rows = [header]
    for variant, m in meds.items():
        rss = m.get("refresh_provider_peak_rss_kib")
        rows.append((
            variant, _fmt(m.get("up_s")), _fmt(m.get("refresh_s")), _fmt(m.get("destroy_s")),
            _fmt(rss / 1024 if rss is not None else None, 1), _fmt(m.get("refresh_emulator_rps"), 0),
            _fmt(m.get("state_bytes_per_session"), 0), _fmt(m.get("stack_trace_bytes_per_session"), 0),
            _fmt(m.get("provider_field_bytes"), 0),
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for i, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=False)]
        lines.append("  ".join(cells))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    rat = block["ratios"]
    lines.append("")
    lines.append(f"{'ratio':<12}{'refresh':>10}{'up':>10}")
    for label, _num, _den in RATIOS:
        lines.append(f"{label:<12}{_fmt(rat['refresh'].get(label)):>10}{_fmt(rat['up'].get(label)):>10}")
    latency = block.get("latency")
    if latency:
        lines.append("")
        lines.append(
            f"latency {_fmt(latency['latency_ms'], 0)} ms: refresh target (floor + N x latency / "
            f"{TARGET_IN_FLIGHT}) {_fmt(latency['target_refresh_s'])} s")
        for variant in ("ours", "ours_secret", "sharded", "native"):
            if f"{variant}/target" in latency:
                lines.append(f"  {variant}: refresh/target {_fmt(latency[f'{variant}/target'])}")
    phases = [(variant, m) for variant, m in meds.items() if m.get("refresh_read_phase_s")]
    if phases:
        lines.append("")
        lines.append("refresh, as the emulator saw it: API requests in flight (mean, peak) while "
                     "any were answered; that read phase; the rest of the refresh")
        for variant, m in phases:
            lines.append(
                f"  {variant:<12} in flight {_fmt(m.get('refresh_reads_in_flight'), 1)} "
                f"(peak {_fmt(m.get('refresh_peak_in_flight'), 0)}), read phase "
                f"{_fmt(m.get('refresh_read_phase_s'))} s, outside it "
                f"{_fmt(m.get('refresh_outside_reads_s'))} s")
    cpu, botocore = block.get("provider_cpu"), block.get("botocore_cpu_ms")
    if cpu and botocore:
        lines.append("")
        lines.append(f"provider hosts' CPU per session, ms (up: per Create, refresh: per Read), against "
                     f"botocore's per create_proxy_session {_fmt(botocore['create_ms'])} and per "
                     f"get_proxy_session {_fmt(botocore['get_ms'])} in the same run")
        for variant, c in cpu.items():
            lines.append(f"  {variant:<12} up {_fmt(c['per_create_ms'])} ({_fmt(c['create/botocore'])}x)  "
                         f"refresh {_fmt(c['per_read_ms'])} ({_fmt(c['read/botocore'])}x)")
    roles = ("engine", "providers", "emulator", "harness")
    measured = [(v, m) for v, m in meds.items() if m.get("refresh_engine_cpu_s") is not None]
    if measured:
        lines.append("")
        lines.append("CPU seconds per phase (up | refresh) by process: the engine (CLI), the provider "
                     "hosts, the emulator, and this process (it runs the inline program); wall time beside")
        for variant, m in measured:
            by_role = "  ".join(f"{role} {_fmt(m.get(f'up_{role}_cpu_s'), 1)} | "
                              f"{_fmt(m.get(f'refresh_{role}_cpu_s'), 1)}" for role in roles)
            lines.append(f"  {variant:<12} {by_role}  (wall {_fmt(m.get('up_s'), 1)} | "
                         f"{_fmt(m.get('refresh_s'), 1)})")
    effect = block.get("secret_effect")
    if effect:
        lines.append("")
        lines.append("serialize_as_secret_always on (ours_secret) vs off (ours, as shipped):")
        for metric, label in (("up_s", "up s"), ("refresh_s", "refresh s"),
                              ("state_bytes_per_session", "state B/session"),
                              ("provider_field_bytes", "__provider B")):
            e = effect[metric]
            lines.append(f"  {label:<16} on {_fmt(e['on'])}  off {_fmt(e['off'])}  "
                         f"on-off {_fmt(e['on_minus_off'])}  on/off {_fmt(e['on/off'])}")
    lines.append("")
    lines.append(
        f"empty-stack state: {_fmt(block.get('empty_state_bytes'))} B; "
        f"sessions left on the emulator after the runs: {_fmt(block.get('leftover_sessions'))}")
    return "\n".join(lines)


def legend(descriptions: Mapping[str, str], variants: Iterable[str]) -> str:
    notes = [
        "columns: up/refresh/destroy = wall time of the pulumi command (CLI start included);",
        "  prov RSS = peak VmHWM of the `python -m pulumi.dynamic` host during refresh;",
        "  emu req/s = emulator API requests during refresh / refresh wall time;",
        "  state B/sess = (encrypted `stack export` bytes - empty stack) / N;",
        "  trace B/sess = the part of it that is the engine's per-resource stackTrace;",
        "  __provider B = one stored copy of __provider (ciphertext envelope if secret).",
    ]
    return "\n".join([*(f"{v:<11}{descriptions[v]}" for v in variants), *notes])
