"""The verdict over every stack of a project (``chime-proxy drift --all-stacks``), as a
pure model: per-stack outcomes in, one ``chime-proxy.drift-fleet/v1`` document and one
Markdown table out.

Unmanaged sessions are judged across the fleet, not per stack: when stacks share a
voice connector, each stack sees the others' sessions as unmanaged. A session is an
**orphan** only if no checked stack owns it, and the list is **complete** only if every
stack of the project was checked (a stack left out by ``--stacks`` or one whose check
failed may own it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import report

SCHEMA_ID = "chime-proxy.drift-fleet/v1"

#: ``StackOutcome.outcome`` values.
IN_SYNC, DRIFTED, FAILED = "in_sync", "drifted", "failed"
EXIT_OK, EXIT_ERROR, EXIT_DRIFT = 0, 1, 2


@dataclass(frozen=True)
class StackOutcome:
    """One stack's check: its ``chime-proxy.drift`` document, or the error that stopped it."""

    stack: str
    seconds: float
    report: dict[str, Any] | None = None
    error: str | None = None

    @property
    def outcome(self) -> str:
        if self.report is None:
            return FAILED
        return DRIFTED if self.report.get("drift") else IN_SYNC


def orphans(outcomes: Sequence[StackOutcome]) -> list[dict[str, Any]]:
    """Sessions some stack listed as unmanaged that no checked stack owns, once each:
    ``{"session": <the unmanaged entry>, "seen_by": [stacks that listed it]}``."""
    owned = report.owned_session_ids(r.get("id") for o in outcomes if o.report
                                     for r in o.report.get("resources", []))
    found: dict[str, dict[str, Any]] = {}
    for o in outcomes:
        for session in (o.report or {}).get("unmanaged", []):
            if str(session["id"]) in owned:
                continue
            entry = found.setdefault(str(session["id"]), {"session": session, "seen_by": []})
            entry["seen_by"].append(o.stack)
    return sorted(found.values(),
                  key=lambda o: (str(o["session"].get("voice_connector_id")), str(o["session"]["id"])))


def inventory(outcomes: Sequence[StackOutcome]) -> list[dict[str, Any]] | None:
    """With ``--inventory``: every session live on the checked stacks' connectors, once,
    ``owned_by`` ``<stack>/<resource>`` (null: no checked stack owns it) and ``seen_by``
    the stacks that listed it; None when no stack's report has an inventory."""
    lists = [(o.stack, o.report["inventory"]) for o in outcomes
             if o.report is not None and o.report.get("inventory") is not None]
    if not lists:
        return None
    found: dict[str, dict[str, Any]] = {}
    for stack, held in lists:
        for item in held:
            entry = found.setdefault(str(item["id"]), {**item, "owned_by": None, "seen_by": []})
            entry["seen_by"].append(stack)
            if item.get("owned_by") is not None:
                entry["owned_by"] = f"{stack}/{item['owned_by']}"
    return sorted(found.values(), key=lambda e: (str(e.get("voice_connector_id")), str(e["id"])))


def build(project: str | None, stacks_in_backend: Sequence[str], pattern: str | None,
          outcomes: Sequence[StackOutcome], unmanaged_policy: str, jobs: int,
          generated_at: str | None = None) -> dict[str, Any]:
    """The ``chime-proxy.drift-fleet/v1`` document (see SCHEMA.md and fleet.schema.json)."""
    outcomes = sorted(outcomes, key=lambda o: o.stack)
    failed = [o for o in outcomes if o.outcome == FAILED]
    complete = not failed and {o.stack for o in outcomes} >= set(stacks_in_backend)
    orphan_list = [] if unmanaged_policy == "ignore" else orphans(outcomes)
    orphans_fail = unmanaged_policy == "fail" and complete and bool(orphan_list)
    drift = any(o.outcome == DRIFTED for o in outcomes) or orphans_fail
    held = inventory(outcomes)
    return {
        "schema": SCHEMA_ID,
        "project": project,
        "generated_at": generated_at or report.now(),
        "pattern": pattern,
        "jobs": jobs,
        "unmanaged_policy": unmanaged_policy,
        "drift": drift,
        "errors": bool(failed),
        "exit_code": EXIT_ERROR if failed else EXIT_DRIFT if drift else EXIT_OK,
        "summary": {
            "stacks_in_backend": len(stacks_in_backend),
            "checked": len(outcomes),
            "in_sync": sum(o.outcome == IN_SYNC for o in outcomes),
            "drifted": sum(o.outcome == DRIFTED for o in outcomes),
            "failed": len(failed),
            "orphans": len(orphan_list),
        },
        "orphans_complete": complete,
        "orphans": orphan_list,
        **({} if held is None else {"inventory": held}),
        "stacks": [
            {"stack": o.stack, "outcome": o.outcome, "seconds": round(o.seconds, 3),
             "error": o.error, "report": o.report}
            for o in outcomes
        ],
    }


# -- Markdown ----------------------------------------------------------------------------


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|") if text not in (None, "") else " "


def _findings(report: dict[str, Any]) -> str:
    """``2 drifted, 1 gone`` from a stack report's summary counts."""
    counts = report.get("summary", {})
    parts = [f"{n} {state.replace('_', ' ')}" for state, n in counts.items()
             if state not in ("resources", "in_sync", "unmanaged") and n]
    return ", ".join(parts) or "none"


def _changed(report: dict[str, Any], limit: int = 6) -> str:
    names = [f"`{r['resource']}`: " + ", ".join(c["property"] for c in r.get("changes", []))
             if r.get("changes") else f"`{r['resource']}` ({r.get('state')})"
             for r in report.get("resources", []) if r.get("state") != "in_sync"]
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return "; ".join(names[:limit]) + more


def to_markdown(doc: dict[str, Any]) -> str:
    """One table, a row per stack, for a CI job summary; orphans below it."""
    sm = doc["summary"]
    icon = ":x:" if doc["errors"] else ":warning:" if doc["drift"] else ":white_check_mark:"
    scope = f" matching `{doc['pattern']}`" if doc["pattern"] else ""
    out = [
        f"### {icon} chime-proxy drift: {sm['checked']} stack(s) of `{doc['project'] or '?'}`{scope}",
        "",
        f"{sm['in_sync']} in sync, {sm['drifted']} drifted, {sm['failed']} could not be checked; "
        f"{sm['orphans']} orphaned session(s).",
        "",
        "| Stack | Result | Findings | What changed | Unmanaged | Time |",
        "|---|---|---|---|---|---|",
    ]
    labels = {IN_SYNC: "in sync", DRIFTED: "**DRIFTED**", FAILED: "**ERROR**"}
    for stack in doc["stacks"]:
        report = stack["report"]
        if report is None:
            row = [labels[FAILED], " ", _cell(stack["error"]), " "]
        else:
            row = [labels[stack["outcome"]], _findings(report), _cell(_changed(report)),
                   str(len(report.get("unmanaged", [])))]
        out.append(f"| `{stack['stack']}` | " + " | ".join(row) + f" | {stack['seconds']:.1f} s |")
    if doc["orphans"]:
        note = "" if doc["orphans_complete"] else (
            " Not every stack of the project was checked, so some may belong to one that was not.")
        out += ["", f"**Orphaned sessions** (on the stacks' voice connectors, owned by no stack).{note}",
                "", "| Voice connector | Session ID | Status | Seen by |", "|---|---|---|---|"]
        for orphan in doc["orphans"]:
            session = orphan["session"]
            out.append(f"| `{session.get('voice_connector_id')}` | `{session['id']}` | "
                       f"{_cell(session.get('status'))} | {', '.join(orphan['seen_by'])} |")
    if "inventory" in doc:
        out += ["", "**Inventory** (every session live on the stacks' voice connectors; owned by: "
                "`<stack>/<resource>`, or - when no checked stack owns it).", "",
                "| Voice connector | Session ID | Status | Created | Owned by |", "|---|---|---|---|---|"]
        for item in doc["inventory"]:
            out.append(f"| `{item['voice_connector_id']}` | `{item['id']}` | {_cell(item.get('status'))} | "
                       f"{_cell(item.get('created_timestamp'))} | {_cell(item.get('owned_by') or '-')} |")
    out += ["", f"<sub>schema {doc['schema']} · generated {doc['generated_at']}</sub>"]
    return "\n".join(out) + "\n"
