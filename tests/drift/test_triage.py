"""Known drift and new drift: what an ignore file and a baseline do to the verdict. They
can only clear it, cause by cause; they never make drift the engine does not see."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from pulumi_chime_proxy.drift import baseline, import_file, render
from pulumi_chime_proxy.drift.adapters import Unmanaged
from pulumi_chime_proxy.drift.ignore import Entry
from pulumi_chime_proxy.drift.report import DriftReport, PropertyDrift, ResourceFinding
from pulumi_chime_proxy.drift.triage import triage

from . import schema_check

URN = "urn:pulumi:dev::proj::chime-proxy:index:ProxySession::"
LATER = dt.date(2099, 1, 1)


def finding(name: str, state: str = "drifted", *properties: str) -> ResourceFinding:
    return ResourceFinding(name, URN + name, "chime-proxy:index:ProxySession", "ProxySession", f"vc/{name}",
                           "update" if properties else "create", state,
                           changes=tuple(PropertyDrift(p, 1, 2) for p in properties))


def report(*findings: ResourceFinding, unmanaged: tuple[Unmanaged, ...] = (),
           engine_changes: bool = True) -> DriftReport:
    return DriftReport("dev", "proj", findings, engine_changes=engine_changes, unmanaged=unmanaged)


def stray(session_id: str) -> Unmanaged:
    return Unmanaged("ProxySession", session_id, "vc", "Open", None, ("+12065550100",), None)


def entry(resource: str, prop: str | None = None, index: int = 0) -> Entry:
    return Entry(index, resource, prop, f"known {resource}", LATER)


def test_a_muted_cause_does_not_fail_the_check_and_says_why() -> None:
    drifted = report(finding("ride-a", "drifted", "capabilities"))
    found = triage(drifted, [entry("ride-*", "capabilities")], None)
    assert not found.drift and found.exit_code == 0
    (change,) = found.to_dict()["resources"][0]["changes"]
    assert change["ignored"] == "known ride-*" and change["baseline"] is None
    assert "[ignored: known ride-*]" in render.to_table(found)
    assert schema_check.errors(found.to_dict(), schema_check.load_schema()) == []


def test_every_cause_must_be_muted() -> None:
    two = report(finding("ride-a", "drifted", "capabilities", "expiryMinutes"))
    assert triage(two, [entry("ride-a", "capabilities")], None).drift
    assert not triage(two, [entry("ride-a")], None).drift
    assert triage(report(finding("ride-a"), finding("ride-b", "gone")), [entry("ride-a")], None).drift
    assert not triage(report(finding("ride-b", "gone")), [entry("ride-b", "gone")], None).drift


def test_unmanaged_sessions_are_muted_by_id() -> None:
    found = report(unmanaged=(stray("p1"), stray("p2")), engine_changes=False)
    assert triage(found, [entry("p1", "unmanaged")], None).drift
    assert not triage(found, [entry("p*", "unmanaged")], None).drift
    assert triage(found, [entry("p*", "capabilities")], None).drift


def test_muting_never_makes_drift_and_an_unexplained_engine_change_always_counts() -> None:
    assert not triage(report(finding("ride-a", "in_sync"), engine_changes=False), [], None).drift
    assert triage(report(finding("ride-a", "in_sync"), engine_changes=True), [entry("*")], None).drift


def test_a_baseline_fails_only_for_what_is_new_and_lists_what_was_resolved(tmp_path: Path) -> None:
    before = report(finding("ride-a", "drifted", "capabilities"), finding("ride-b", "gone"),
                    unmanaged=(stray("p1"),))
    path = tmp_path / "before.json"
    path.write_text(render.to_json(before))
    keys = baseline.keys_for(baseline.read(path), "dev", path)

    same = triage(before, None, keys)
    assert not same.drift and same.resolved == ()
    assert "No new drift to act on" in render.to_table(same) and "3 still" in render.to_table(same)

    later = report(finding("ride-a", "drifted", "capabilities", "expiryMinutes"), unmanaged=(stray("p1"),))
    found = triage(later, None, keys)
    assert found.drift
    changes = {c["property"]: c["baseline"] for c in found.to_dict()["resources"][0]["changes"]}
    assert changes == {"capabilities": "still", "expiryMinutes": "new"}
    assert [(r.resource, r.what) for r in found.resolved] == [("ride-b", "gone")]
    markdown = render.to_markdown(found)
    assert "expiryMinutes [new]" in markdown and "capabilities [still]" in markdown
    assert "Resolved since the baseline" in markdown and "ride-b: gone" in markdown
    assert schema_check.errors(found.to_dict(), schema_check.load_schema()) == []


def test_an_ignore_file_and_a_baseline_together(tmp_path: Path) -> None:
    before = report(finding("ride-a", "drifted", "capabilities"))
    keys = baseline.keys_of(before.to_dict())
    later = report(finding("ride-a", "drifted", "capabilities"), finding("ride-c", "drifted", "name"))
    assert triage(later, [], keys).drift
    assert not triage(later, [entry("ride-c", "name")], keys).drift


@pytest.mark.parametrize(("content", "says"), [
    ("not json", "cannot be read as JSON"), ("[]", "not a `chime-proxy drift --json` report"),
    (json.dumps({"schema": "chime-proxy.drift/v1"}), "not a `chime-proxy drift --json` report"),
    (b"\xff\xfe", "cannot be read as JSON"), (None, "cannot be read as JSON"),
])
def test_a_baseline_that_is_not_a_report_is_one_line(tmp_path: Path, content: str | bytes | None,
                                                     says: str) -> None:
    path = tmp_path / "before.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(baseline.BaselineError, match=says):
        baseline.read(path)


def test_a_baseline_of_another_stack_is_refused(tmp_path: Path) -> None:
    document = dataclasses.replace(report(), stack="prod").to_dict()
    with pytest.raises(baseline.BaselineError, match="a report of stack 'prod', not of 'dev'"):
        baseline.keys_for(document, "dev", tmp_path / "before.json")


def test_the_import_document_names_each_unmanaged_object_once_by_id_only() -> None:
    taken = finding("proxy-session-p1")
    doc = import_file.document(report(taken, unmanaged=(stray("p1"), stray("P2"))))
    assert doc == {"resources": [
        {"type": "chime-proxy:index:ProxySession", "name": "proxy-session-p1-2", "id": "vc/p1"},
        {"type": "chime-proxy:index:ProxySession", "name": "proxy-session-p2", "id": "vc/P2"}]}
    assert "+1206" not in json.dumps(doc)
