"""Render a :class:`~pulumi_chime_proxy.drift.report.DriftReport` as a terminal table,
``chime-proxy.drift/v1`` JSON or Markdown (CI job summaries). Pure functions."""

from __future__ import annotations

import json
from typing import Any

from .report import DriftReport

_VERDICT = {
    "in_sync": "in sync",
    "drifted": "DRIFTED",
    "closed": "CLOSED",
    "gone": "GONE (deleted out of band)",
}


def to_json(report: DriftReport, show_secrets: bool = False) -> str:
    return json.dumps(report.to_dict(show_secrets), indent=2, sort_keys=False) + "\n"


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value) or "[]"
    if isinstance(value, dict):
        if set(value) == {"phone_number", "proxy_phone_number"}:
            return f"{_fmt(value['phone_number'])}->{_fmt(value['proxy_phone_number'])}"
        return ", ".join(f"{k}={_fmt(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _rows(doc: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(resource, session id, verdict/property, recorded, live) per line."""
    rows: list[tuple[str, str, str, str, str]] = []
    for s in doc["sessions"]:
        verdict = _VERDICT.get(s["state"], s["state"])
        if not s["changes"]:
            rows.append((s["resource"], s["proxy_session_id"], verdict, "", ""))
        for i, c in enumerate(s["changes"]):
            label = c["property"] + (" (replace)" if c["replaces"] else "")
            rows.append((
                s["resource"] if i == 0 else "",
                s["proxy_session_id"] if i == 0 else "",
                f"{verdict}: {label}" if i == 0 else f"{' ' * len(verdict)}  {label}",
                _fmt(c["recorded"]),
                _fmt(c["live"]),
            ))
    return rows


def _headline(doc: dict[str, Any]) -> str:
    sm = doc["summary"]
    if not doc["drift"]:
        return f"No drift: {sm['sessions']} session(s) of stack {doc['stack']} match the live service."
    parts = [f"{sm[k]} {k.replace('_', ' ')}" for k in ("drifted", "closed", "gone", "unmanaged") if sm[k]]
    return f"Drift in stack {doc['stack']}: " + ", ".join(parts) + f" (of {sm['sessions']} session(s))."


def to_table(report: DriftReport, show_secrets: bool = False) -> str:
    doc = report.to_dict(show_secrets)
    out = [_headline(doc), ""]
    header = ("RESOURCE", "SESSION ID", "FINDING", "RECORDED", "LIVE")
    rows = _rows(doc)
    if rows:
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            out.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    else:
        out.append("(the stack has no proxy sessions)")
    if doc["unmanaged"]:
        out += ["", "Unmanaged sessions (live on the stack's voice connectors, in no resource):"]
        uh = ("VOICE CONNECTOR", "SESSION ID", "STATUS", "NAME", "PARTICIPANTS")
        urows = [
            (u["voice_connector_id"], u["proxy_session_id"], _fmt(u["status"]), _fmt(u["name"]),
             _fmt(u["participants"]))
            for u in doc["unmanaged"]
        ]
        widths = [max(len(r[i]) for r in [uh, *urows]) for i in range(len(uh))]
        for row in [uh, *urows]:
            out.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if not show_secrets:
        out += ["", "Phone numbers and names are masked; --show-secrets prints them."]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|") if text else " "


def to_markdown(report: DriftReport, show_secrets: bool = False) -> str:
    doc = report.to_dict(show_secrets)
    icon = ":warning:" if doc["drift"] else ":white_check_mark:"
    out = [f"### {icon} chime-proxy drift: `{doc['stack']}`", "", _headline(doc), ""]
    if doc["sessions"]:
        out += ["| Resource | Session ID | Finding | Recorded | Live |", "|---|---|---|---|---|"]
        for s in doc["sessions"]:
            verdict = _VERDICT.get(s["state"], s["state"])
            if not s["changes"]:
                out.append(f"| `{s['resource']}` | `{s['proxy_session_id']}` | {verdict} | | |")
            for c in s["changes"]:
                label = c["property"] + (" (replace)" if c["replaces"] else "")
                out.append(
                    f"| `{s['resource']}` | `{s['proxy_session_id']}` | {verdict}: `{label}` | "
                    f"{_md(_fmt(c['recorded']))} | {_md(_fmt(c['live']))} |"
                )
    if doc["unmanaged"]:
        out += ["", "**Unmanaged sessions** (live on the stack's voice connectors, in no resource):", "",
                "| Voice connector | Session ID | Status | Name | Participants |", "|---|---|---|---|---|"]
        for u in doc["unmanaged"]:
            out.append(
                f"| `{u['voice_connector_id']}` | `{u['proxy_session_id']}` | {_md(_fmt(u['status']))} | "
                f"{_md(_fmt(u['name']))} | {_md(_fmt(u['participants']))} |"
            )
    out += ["", f"<sub>schema {doc['schema']} · generated {doc['generated_at']}</sub>"]
    return "\n".join(out) + "\n"


RENDERERS = {"table": to_table, "json": to_json, "markdown": to_markdown}
