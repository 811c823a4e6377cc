"""Known drift a team has decided to live with, for a while: the ignore file.

``chime-proxy-drift.yaml`` beside ``Pulumi.yaml`` (or ``--ignore FILE``)::

    ignore:
      - resource: ride-*        # a resource's name or URN, or a glob of either; for a
                                #   session no resource owns, its id (or a glob)
        property: capabilities  # optional: one property, or one finding: closed, gone,
                                #   missing, not_in_program, unmanaged (unset: all of them)
        reason: ops are testing SMS routing on this one
        expires: 2027-01-31     # the last day it mutes; after it the check fails naming it

A finding an entry matches is reported as ``ignored`` (with the entry's reason) and does
not make the check exit 2. An entry past its ``expires`` is an error, so nothing stays
muted by accident; so is a malformed file, in one line naming the entry and the rule.
Pure but for reading and writing the file.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .report import DriftReport

#: The ignore file a check reads when it is beside Pulumi.yaml and no --ignore is given.
DEFAULT_NAME = "chime-proxy-drift.yaml"
#: What an entry's ``property`` may name besides a property: a finding without one.
FINDINGS = ("closed", "gone", "missing", "not_in_program", "unmanaged")
_KEYS = ("resource", "property", "reason", "expires")
#: Longest text a field may hold (a reason is a sentence, not a document).
_MOST = 500
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Loader(yaml.SafeLoader):  # type: ignore[misc]
    """Safe YAML in which a date stays text (checked by :func:`_date`, not by the parser)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


class _Dumper(yaml.SafeDumper):  # type: ignore[misc]
    """Safe YAML that spells out a value each time (no ``&id001`` anchors for a shared date)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


class IgnoreFileError(ValueError):
    """The ignore file cannot be used; the message is one line naming the entry and rule."""


@dataclass(frozen=True)
class Entry:
    """One entry of the ignore file."""

    index: int
    resource: str
    property: str | None
    reason: str
    expires: dt.date

    def label(self) -> str:
        what = f", property {self.property}" if self.property else ""
        return f"ignore[{self.index}] (resource {self.resource}{what})"

    def matches(self, names: Iterable[str], whats: Iterable[str]) -> bool:
        """Whether this entry mutes a cause known as any of ``whats`` (the property that
        drifted, and the finding it is part of) of the object known by any of ``names``
        (its name, URN or id)."""
        return (any(fnmatch.fnmatchcase(name, self.resource) for name in names)
                and (self.property is None or self.property in whats))


def _text(path: Path, index: int, entry: Mapping[str, Any], key: str, required: bool) -> str | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > _MOST or "\n" in value.strip():
        rule = "required" if value is None else f"must be one line of text (at most {_MOST} characters)"
        raise IgnoreFileError(f"{path.name}: ignore[{index}].{key}: {rule}")
    return value.strip()


def _iso_date(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` as a date (that form only, on every Python), else None."""
    if not _ISO_DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _date(path: Path, index: int, value: Any) -> dt.date:
    found = _iso_date(value.strip()) if isinstance(value, str) else None
    if found is None:
        rule = "required" if value is None else "must be a date, YYYY-MM-DD"
        raise IgnoreFileError(f"{path.name}: ignore[{index}].expires: {rule}")
    return found


def parse(path: Path, text: str) -> list[Entry]:
    """The entries of an ignore file's ``text``; IgnoreFileError naming the first entry
    and rule it breaks."""
    try:
        document = yaml.load(text, Loader=_Loader) if text.strip() else {}  # noqa: S506 - a safe loader
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise IgnoreFileError(f"{path.name}: not YAML{where}") from None
    if not isinstance(document, dict) or set(document) - {"ignore"}:
        raise IgnoreFileError(f"{path.name}: must be a mapping with one key, ignore: a list of entries")
    items = document.get("ignore") or []
    if not isinstance(items, list):
        raise IgnoreFileError(f"{path.name}: ignore: must be a list of entries")
    entries: list[Entry] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise IgnoreFileError(f"{path.name}: ignore[{index}]: must be a mapping of {', '.join(_KEYS)}")
        unknown = sorted(str(key) for key in item if key not in _KEYS)
        if unknown:
            raise IgnoreFileError(f"{path.name}: ignore[{index}]: unknown key {unknown[0]!r} "
                                  f"(an entry has {', '.join(_KEYS)})")
        resource = _text(path, index, item, "resource", required=True)
        assert resource is not None
        entries.append(Entry(index, resource, _text(path, index, item, "property", required=False),
                             str(_text(path, index, item, "reason", required=True)),
                             _date(path, index, item.get("expires"))))
    return entries


def load(path: Path, today: dt.date) -> list[Entry]:
    """The live entries of the ignore file at ``path``; IgnoreFileError when it cannot be
    read, is malformed, or holds an entry past its ``expires`` (named)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise IgnoreFileError(f"{path}: cannot be read ({type(exc).__name__})") from None
    entries = parse(path, text)
    expired = [entry for entry in entries if entry.expires < today]
    if expired:
        first = expired[0]
        raise IgnoreFileError(f"{path.name}: {first.label()} expired on {first.expires.isoformat()}: "
                              "renew it with a new date if the drift is still known, or remove it")
    return entries


def muted_by(entries: Iterable[Entry], names: Iterable[str], whats: Iterable[str]) -> Entry | None:
    """The first entry that mutes the cause known as ``whats`` of the object ``names``."""
    names, whats = list(names), list(whats)
    return next((entry for entry in entries if entry.matches(names, whats)), None)


def reason(text: str) -> str:
    """``--reason``: one line of text, as an entry's reason must be."""
    if not text.strip() or len(text) > _MOST or "\n" in text.strip():
        raise IgnoreFileError(f"--reason: must be one line of text (at most {_MOST} characters)")
    return text.strip()


def expiry(text: str) -> dt.date:
    """``--expires``: a date, today or later."""
    found = _iso_date(text.strip())
    if found is None:
        raise IgnoreFileError(f"--expires: must be a date, YYYY-MM-DD (got {text[:40]!r})")
    if found < today():
        raise IgnoreFileError(f"--expires: {found.isoformat()} is in the past")
    return found


def today() -> dt.date:
    """The day entries expire by: UTC's, as every time the report writes."""
    return dt.datetime.now(dt.timezone.utc).date()


def entries_for(path: Path | None, cwd: Path) -> list[Entry] | None:
    """The live entries of ``--ignore``, else of the default file in ``cwd`` when it is
    there; None when there is no ignore file."""
    if path is None:
        found = cwd / DEFAULT_NAME
        if not found.is_file():
            return None
        path = found
    return load(path, today())


def causes(report: DriftReport) -> list[tuple[str, str]]:
    """(resource, property or finding) of each cause that fails ``report``'s check."""
    found: list[tuple[str, str]] = []
    for finding in report.resources:
        if finding.counts:
            counted = [change.property for change in finding.changes if change.counts()]
            found += [(finding.resource, what) for what in counted or [finding.state]]
    if report.unmanaged_policy == "fail":
        found += [(item.id, "unmanaged") for item in report.unmanaged
                  if item.ignored is None and item.baseline != "still"]
    return found


def existing(path: Path) -> list[Entry]:
    """The entries already in the ignore file ``--write-ignore`` adds to (none if it is
    not there yet); IgnoreFileError when it is malformed."""
    if not path.exists():
        return []
    try:
        return parse(path, path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise IgnoreFileError(f"{path}: cannot be read ({type(exc).__name__})") from None


def _literal(name: str) -> str:
    """``name`` as a pattern that matches it alone."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def write(path: Path, existing: list[Entry], report: DriftReport, reason: str, expires: dt.date) -> int:
    """Write the ignore file at ``path``: its ``existing`` entries, and one for each cause
    that fails ``report``'s check and no entry matches yet; how many were added."""
    entries: list[dict[str, Any]] = [
        {"resource": e.resource, "property": e.property, "reason": e.reason, "expires": e.expires}
        for e in existing]
    added = [(resource, what) for resource, what in dict.fromkeys(causes(report))
             if muted_by(existing, (resource,), (what,)) is None]
    entries += [{"resource": _literal(resource), "property": what, "reason": reason, "expires": expires}
                for resource, what in added]
    path.write_text(render(entries), encoding="utf-8")
    return len(added)


def render(entries: Iterable[Mapping[str, Any]]) -> str:
    """An ignore file holding ``entries`` (``resource``, ``property``, ``reason``, ``expires``)."""
    items = [{key: value for key, value in entry.items() if value is not None} for entry in entries]
    text: str = yaml.dump({"ignore": items}, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    return text
