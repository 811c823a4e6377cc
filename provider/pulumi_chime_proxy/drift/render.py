"""Render a :class:`~pulumi_chime_proxy.drift.report.DriftReport` as a terminal table,
``chime-proxy.drift/v2`` JSON or Markdown (CI job summaries). Pure functions; every
format masks secrets the same way (through ``DriftReport.to_dict``)."""

from __future__ import annotations

import json
from typing import Any

from .report import PENDING_DELETE_OP, DriftReport

_VERDICT = {
    "in_sync": "in sync",
    "drifted": "DRIFTED",
    "closed": "CLOSED",
    "gone": "GONE (deleted out of band)",
    "missing": "MISSING (up creates it)",
    "not_in_program": "NOT IN PROGRAM (up deletes it)",
}
PENDING_DELETE = "PENDING DELETE (an interrupted replace left it; up deletes it)"


def to_json(report: DriftReport, show_secrets: bool = False, problems_only: bool = False) -> str:
    """Every resource, whatever ``problems_only`` says: the document is for machines."""
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


def _known(item: dict[str, Any]) -> str:
    """`` [new]``, `` [still]`` and `` [ignored: reason]``, as they apply to ``item``."""
    marks = [item["baseline"]] if item.get("baseline") else []
    marks += [f"ignored: {item['ignored']}"] if item.get("ignored") else []
    return "".join(f" [{mark}]" for mark in marks)


def _label(change: dict[str, Any], blocked: str | None = None) -> str:
    name: str = change["property"]
    if change["replaces"] and blocked:
        return f"{name} (replace, blocked by {blocked}){_known(change)}"
    return name + (" (replace)" if change["replaces"] else "") + _known(change)


def _rows(doc: dict[str, Any], problems_only: bool = False) -> list[tuple[str, ...]]:
    """(resource, kind, id, finding, desired, live) per line; without the resources in
    sync when ``problems_only``."""
    rows: list[tuple[str, ...]] = []
    for r in doc["resources"]:
        if problems_only and r["state"] == "in_sync":
            continue
        verdict = (PENDING_DELETE if r["op"] == PENDING_DELETE_OP
                   else _VERDICT.get(r["state"], r["state"]))
        head = (r["resource"], r["kind"] or r["type"], r["id"] or "-")
        if not r["changes"]:
            rows.append((*head, verdict + _known(r), "", ""))
        for i, c in enumerate(r["changes"]):
            label = _label(c, r.get("blocked"))
            finding = f"{verdict}: {label}" if i == 0 else f"{' ' * len(verdict)}  {label}"
            rows.append((*(head if i == 0 else ("", "", "")), finding, _fmt(c["desired"]), _fmt(c["live"])))
    return rows


def _known_counts(doc: dict[str, Any]) -> str:
    """``N new, N still, N ignored; N resolved`` for a check with a baseline or an
    ignore file, else empty."""
    items = [c for r in doc["resources"] for c in r["changes"]]
    items += [r for r in doc["resources"] if not r["changes"] and r["state"] != "in_sync"]
    items += doc["unmanaged"]
    counts = {mark: sum(i.get("baseline") == mark and not i.get("ignored") for i in items)
              for mark in ("new", "still")}
    counts["ignored"] = sum(bool(i.get("ignored")) for i in items)
    found = [f"{n} {mark}" for mark, n in counts.items() if n]
    resolved = f"{len(doc['resolved'])} resolved" if doc.get("resolved") else ""
    return "; ".join(part for part in (", ".join(found), resolved) if part)


def _headline(doc: dict[str, Any]) -> str:
    sm = doc["summary"]
    total = f"{sm['resources']} resource(s)"
    known = _known_counts(doc)
    if not doc["drift"]:
        extra = f"; {sm['unmanaged']} unmanaged session(s) reported" if sm["unmanaged"] else ""
        if known:
            return f"No new drift to act on in stack {doc['stack']} ({known}){extra}."
        return f"No drift: the {total} of stack {doc['stack']} match the live service{extra}."
    parts = [f"{sm[k]} {k.replace('_', ' ')}" for k in
             ("drifted", "closed", "gone", "missing", "not_in_program", "unmanaged") if sm[k]]
    found = ", ".join(parts) or "the plan has changes"
    return f"Drift in stack {doc['stack']}: {found} (of {total}{'; ' + known if known else ''})."


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in [header, *rows]]


def _unmanaged_rows(doc: dict[str, Any]) -> list[tuple[str, ...]]:
    return [(u["voice_connector_id"], u["id"] + _known(u), _fmt(u["status"]), _fmt(u["name"]),
             _fmt(u["participants"])) for u in doc["unmanaged"]]


def _age(seconds: int | None) -> str:
    """``3d 4h``, ``5h 12m``, ``7m``: how long a session has lived, to the unit that matters."""
    if seconds is None:
        return "-"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}h"
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


INVENTORY_HEADER = ("VOICE CONNECTOR", "SESSION ID", "STATUS", "AGE", "OWNED BY")
INVENTORY_TITLE = ("Inventory (every session live on the stack's voice connectors; "
                   "owned by: the resource of this stack, or -):")


def _inventory_rows(doc: dict[str, Any]) -> list[tuple[str, ...]]:
    return [(h["voice_connector_id"], h["id"], _fmt(h["status"]), _age(h["age_seconds"]),
             _fmt(h["owned_by"])) for h in doc.get("inventory") or []]


def _resolved_lines(doc: dict[str, Any]) -> list[str]:
    return [f"{r['resource']}: {r['what']}" for r in doc.get("resolved") or []]


def _unmanaged_title(doc: dict[str, Any]) -> str:
    fails = "they fail the check" if doc["unmanaged_policy"] == "fail" else "reported only"
    return f"Unmanaged sessions (live on the stack's voice connectors, in no resource; {fails}):"


def _endpoint_line(doc: dict[str, Any]) -> str | None:
    ep = doc["endpoint"]
    if ep is None:
        return None
    source = ("the provider configuration recorded in state, as the refresh used"
              if ep["source"] == "state" else "the stack's current config")
    chosen = f" (from {ep['url_from']})" if ep.get("url_from") else ""
    return f"Live listing: {ep['url']}{chosen} in {ep['region']}; settings from {source}."


def _no_rows(doc: dict[str, Any]) -> str:
    return "(every resource is in sync)" if doc["resources"] else "(the stack has no resources)"


def to_table(report: DriftReport, show_secrets: bool = False, problems_only: bool = False) -> str:
    doc = report.to_dict(show_secrets)
    out = [_headline(doc), ""]
    rows = _rows(doc, problems_only)
    if rows:
        out += _table(("RESOURCE", "KIND", "ID", "FINDING", "DESIRED", "LIVE"), rows)
    else:
        out.append(_no_rows(doc))
    if doc["unmanaged"]:
        out += ["", _unmanaged_title(doc)]
        header = ("VOICE CONNECTOR", "SESSION ID", "STATUS", "NAME", "PARTICIPANTS")
        out += _table(header, _unmanaged_rows(doc))
    if doc.get("resolved"):
        out += ["", "Resolved since the baseline:"] + [f"  {line}" for line in _resolved_lines(doc)]
    if "inventory" in doc:
        out += ["", INVENTORY_TITLE]
        out += _table(INVENTORY_HEADER, _inventory_rows(doc)) if doc["inventory"] else ["(none)"]
    endpoint = _endpoint_line(doc)
    if endpoint:
        out += ["", endpoint]
    out += [f"warning: {w}" for w in doc["warnings"]]
    if not show_secrets:
        out += ["", "Phone numbers and names are masked; --show-secrets prints them."]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|") if text else " "


def to_markdown(report: DriftReport, show_secrets: bool = False, problems_only: bool = False) -> str:
    doc = report.to_dict(show_secrets)
    icon = ":warning:" if doc["drift"] else ":white_check_mark:"
    out = [f"### {icon} chime-proxy drift: `{doc['stack']}`", "", _headline(doc), ""]
    rows = _rows(doc, problems_only)
    if rows:
        out += ["| Resource | Kind | ID | Finding | Desired | Live |", "|---|---|---|---|---|---|"]
        out += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    if doc["unmanaged"]:
        out += ["", f"**{_unmanaged_title(doc)}**", "",
                "| Voice connector | Session ID | Status | Name | Participants |", "|---|---|---|---|---|"]
        out += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in _unmanaged_rows(doc)]
    if doc.get("resolved"):
        out += ["", "**Resolved since the baseline:**", ""]
        out += [f"- {_md(line)}" for line in _resolved_lines(doc)]
    if "inventory" in doc:
        out += ["", f"**{INVENTORY_TITLE}**", ""]
        out += ["| Voice connector | Session ID | Status | Age | Owned by |", "|---|---|---|---|---|"]
        out += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in _inventory_rows(doc)]
    endpoint = _endpoint_line(doc)
    if endpoint:
        out += ["", endpoint]
    out += [f"> warning: {_md(w)}" for w in doc["warnings"]]
    out += ["", f"<sub>schema {doc['schema']} · generated {doc['generated_at']}</sub>"]
    return "\n".join(out) + "\n"


RENDERERS = {"table": to_table, "json": to_json, "markdown": to_markdown}
