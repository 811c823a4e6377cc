"""Table, JSON and Markdown renderings of a report."""

from __future__ import annotations

import json

from pulumi_chime_proxy.drift import render
from pulumi_chime_proxy.drift import report as R

FINDINGS = (
    R.SessionFinding("s0", "urn:s0", "p0", "vc1", "drifted", "Open", (
        R.PropertyDrift("capabilities", ["Voice"], ["Voice", "SMS"]),
        R.PropertyDrift("participant_phone_numbers", ["+12065550100"], ["+12065550199"], True),
    )),
    R.SessionFinding("s1", "urn:s1", "p1", "vc1", "gone", None),
    R.SessionFinding("s2", "urn:s2", "p2", "vc1", "in_sync", "Open"),
)
UNMANAGED = (R.UnmanagedSession("x9", "vc1", "Open", "stray", ("+12065550180",), None),)


def _report(**kw: object) -> R.DriftReport:
    return R.DriftReport("dev", "proj", FINDINGS, UNMANAGED, generated_at="2026-01-01T00:00:00.000Z")


def test_table_lists_findings_and_masks() -> None:
    text = render.to_table(_report())
    lines = text.splitlines()
    assert lines[0] == "Drift in stack dev: 1 drifted, 1 gone, 1 unmanaged (of 3 session(s))."
    assert lines[2].split() == ["RESOURCE", "SESSION", "ID", "FINDING", "RECORDED", "LIVE"]
    assert "DRIFTED: capabilities" in text and "participant_phone_numbers (replace)" in text
    assert "+1206*****99" in text and "+12065550199" not in text
    assert "GONE" in text and "in sync" in text
    assert "x9" in text and "s****" in text
    assert "--show-secrets" in text


def test_table_show_secrets_and_no_drift() -> None:
    assert "+12065550199" in render.to_table(_report(), show_secrets=True)
    clean = R.DriftReport("dev", None, (FINDINGS[2],))
    assert render.to_table(clean).startswith("No drift: 1 session(s) of stack dev")
    assert "(the stack has no proxy sessions)" in render.to_table(R.DriftReport("dev", None, ()))


def test_json_is_the_v1_document() -> None:
    doc = json.loads(render.to_json(_report()))
    assert doc["schema"] == "chime-proxy.drift/v1"
    assert doc["drift"] is True
    assert [s["state"] for s in doc["sessions"]] == ["drifted", "gone", "in_sync"]


def test_markdown_table_rows_escape_pipes() -> None:
    report = R.DriftReport("dev", None, (
        R.SessionFinding("s0", "u", "p0", "vc", "drifted", "Open", (R.PropertyDrift("x", "a|b", "c"),)),
    ))
    md = render.to_markdown(report)
    assert md.startswith("### :warning: chime-proxy drift: `dev`")
    assert "| `s0` | `p0` | DRIFTED: `x` | a\\|b | c |" in md
    clean = render.to_markdown(R.DriftReport("dev", None, ()))
    assert ":white_check_mark:" in clean and "No drift" in clean
