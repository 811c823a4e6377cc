"""The ignore file: what an entry mutes, and every way a file can be wrong (one line naming
the entry and the rule, never a traceback, never a half-read file)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pulumi_chime_proxy.drift import ignore
from pulumi_chime_proxy.drift.report import DriftReport, PropertyDrift, ResourceFinding

TODAY = dt.date(2026, 12, 7)
URN = "urn:pulumi:dev::proj::chime-proxy:index:ProxySession::ride-a"
#: The rest of a well-formed entry.
OK = "reason: r, expires: 2027-01-01"


def parsed(text: str) -> list[ignore.Entry]:
    return ignore.parse(Path("chime-proxy-drift.yaml"), text)


def test_an_entry_mutes_its_resource_by_name_urn_or_glob_and_its_property_or_finding() -> None:
    (entry,) = parsed("ignore:\n  - resource: ride-*\n    property: capabilities\n"
                      "    reason: SMS trial\n    expires: 2027-01-31\n")
    assert entry == ignore.Entry(0, "ride-*", "capabilities", "SMS trial", dt.date(2027, 1, 31))
    assert entry.matches(["ride-a", URN], ["capabilities", "drifted"])
    assert not entry.matches(["ride-a", URN], ["expiryMinutes", "drifted"])
    assert not entry.matches(["rider", "urn:x::rider"], ["capabilities"])
    (whole,) = parsed("ignore:\n  - {resource: '*::ride-a', reason: r, expires: '2027-01-31'}")
    assert whole.matches(["ride-a", URN], ["gone"]) and whole.matches([URN], ["anything"])
    (found,) = parsed(f"ignore:\n  - {{resource: ride-b, property: closed, {OK}}}")
    assert found.matches(["ride-b"], ["status", "closed"])


@pytest.mark.parametrize(("text", "says"), [
    ("ignore: [", "not YAML at line"),
    ("- a\n- b\n", "must be a mapping with one key, ignore"),
    ("ignore: []\nother: 1\n", "must be a mapping with one key, ignore"),
    ("ignore: {resource: x}\n", "ignore: must be a list of entries"),
    ("ignore:\n  - just text\n", "ignore[0]: must be a mapping"),
    (f"ignore:\n  - {{resource: x, {OK}, colour: red}}\n", "ignore[0]: unknown key 'colour'"),
    ("ignore:\n  - {reason: r, expires: 2027-01-01}\n", "ignore[0].resource: required"),
    ("ignore:\n  - {resource: 7, reason: r, expires: 2027-01-01}\n", "ignore[0].resource: must be one line"),
    (f"ignore:\n  - {{resource: '  ', {OK}}}\n", "ignore[0].resource: must be one line"),
    ("ignore:\n  - {resource: x, expires: 2027-01-01}\n", "ignore[0].reason: required"),
    ("ignore:\n  - {resource: x, reason: [a], expires: 2027-01-01}\n", "ignore[0].reason: must be one line"),
    ("ignore:\n  - {resource: x, reason: \"a\\nb\", expires: 2027-01-01}\n",
     "ignore[0].reason: must be one line"),
    (f"ignore:\n  - {{resource: x, reason: {'r' * 501}, expires: 2027-01-01}}\n", "at most 500"),
    ("ignore:\n  - {resource: x, property: {a: 1}, reason: r, expires: 2027-01-01}\n", "ignore[0].property"),
    ("ignore:\n  - {resource: x, reason: r}\n", "ignore[0].expires: required"),
    ("ignore:\n  - {resource: x, reason: r, expires: next week}\n", "ignore[0].expires: must be a date"),
    ("ignore:\n  - {resource: x, reason: r, expires: 2027-02-30}\n", "ignore[0].expires: must be a date"),
    (f"ignore:\n  - {{resource: x, {OK} 10:00:00}}\n", "ignore[0].expires: must be a date"),
    ("ignore:\n  - {resource: x, reason: r, expires: 20270101}\n", "ignore[0].expires: must be a date"),
    ("ignore:\n  - {resource: x, reason: r, expires: 2027-01-01}\n  - 3\n", "ignore[1]: must be a mapping"),
])
def test_a_malformed_file_is_one_line_naming_the_entry_and_the_rule(text: str, says: str) -> None:
    with pytest.raises(ignore.IgnoreFileError) as raised:
        parsed(text)
    message = str(raised.value)
    assert says in message and "\n" not in message and message.startswith("chime-proxy-drift.yaml: ")


@given(st.text(max_size=200))
def test_any_text_is_entries_or_one_line_naming_the_problem(text: str) -> None:
    try:
        entries = parsed(text)
    except ignore.IgnoreFileError as exc:
        assert "\n" not in str(exc)
    else:
        assert all(isinstance(e, ignore.Entry) and e.reason and e.resource for e in entries)


def test_an_expired_entry_is_an_error_naming_it_and_today_still_mutes(tmp_path: Path) -> None:
    path = tmp_path / "chime-proxy-drift.yaml"
    path.write_text("ignore:\n  - {resource: ride-a, property: capabilities, reason: r, "
                    "expires: 2026-12-07}\n  - {resource: ride-b, reason: r, expires: 2026-12-06}\n")
    with pytest.raises(ignore.IgnoreFileError, match=r"ignore\[1\] \(resource ride-b\) expired on "
                                                     r"2026-12-06: renew it .* or remove it"):
        ignore.load(path, TODAY)
    path.write_text("ignore:\n  - {resource: ride-a, reason: r, expires: 2026-12-07}\n")
    assert [e.resource for e in ignore.load(path, TODAY)] == ["ride-a"]


@pytest.mark.parametrize("content", [b"\xff\xfe\x00bad", None])
def test_a_file_that_cannot_be_read_is_one_line(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "chime-proxy-drift.yaml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    with pytest.raises(ignore.IgnoreFileError, match="cannot be read"):
        ignore.load(path, TODAY)


def test_the_default_file_is_read_only_when_it_is_there(tmp_path: Path) -> None:
    assert ignore.entries_for(None, tmp_path) is None
    (tmp_path / ignore.DEFAULT_NAME).write_text("ignore: []\n")
    assert ignore.entries_for(None, tmp_path) == []


@pytest.mark.parametrize(("reason", "expires", "says"), [
    ("", "2099-01-01", "--reason: must be one line"), ("a\nb", "2099-01-01", "--reason: must be one line"),
    ("ok", "tomorrow", "--expires: must be a date"), ("ok", "20991231", "--expires: must be a date"),
    ("ok", "2020-01-01", "--expires: 2020-01-01 is in the past"),
])
def test_write_options_are_checked(reason: str, expires: str, says: str) -> None:
    with pytest.raises(ignore.IgnoreFileError, match=says):
        ignore.reason(reason)
        ignore.expiry(expires)


def test_write_adds_an_entry_per_failing_cause_once_and_keeps_the_file_valid(tmp_path: Path) -> None:
    finding = ResourceFinding("ride[1]", URN, "t", "ProxySession", "vc/p", "update", "drifted",
                              changes=(PropertyDrift("capabilities", ["Voice"], ["SMS"]),
                                       PropertyDrift("expiryMinutes", 60, 90)))
    gone = ResourceFinding("ride-b", URN + "b", "t", "ProxySession", "vc/q", "create", "gone")
    report = DriftReport("dev", "proj", (finding, gone), engine_changes=True)
    path = tmp_path / "known.yaml"
    path.write_text("ignore:\n  - {resource: 'ride[[]1]', property: expiryMinutes, reason: old, "
                    "expires: 2099-01-01}\n")
    added = ignore.write(path, ignore.existing(path), report, "known", dt.date(2099, 2, 1))
    assert added == 2
    entries = ignore.load(path, TODAY)
    assert [(e.resource, e.property, e.reason) for e in entries] == [
        ("ride[[]1]", "expiryMinutes", "old"), ("ride[[]1]", "capabilities", "known"),
        ("ride-b", "gone", "known")]
    assert entries[1].matches(["ride[1]"], ["capabilities"])
    assert not entries[1].matches(["ride1"], ["capabilities"])
