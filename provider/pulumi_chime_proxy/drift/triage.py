"""A report's findings judged by the team's ignore file (:mod:`.ignore`) and a baseline
report (:mod:`.baseline`): each cause marked ``ignored`` (with the entry's reason) and
``new`` or ``still``, and the baseline's findings that are gone listed as resolved. The
verdict then counts only what is neither muted nor already known
(:attr:`.report.DriftReport.drift`). Pure."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from .adapters import Unmanaged
from .baseline import NEW, STILL, Key, finding_keys, unmanaged_key
from .ignore import Entry, muted_by
from .report import DriftReport, Resolved, ResourceFinding


def _finding(finding: ResourceFinding, entries: Sequence[Entry],
             baseline: Mapping[Key, str] | None) -> ResourceFinding:
    if not finding.drifted:
        return finding
    names = (finding.resource, finding.urn)

    def mark(key: Key) -> str | None:
        return None if baseline is None else STILL if key in baseline else NEW

    def reason(*whats: str) -> str | None:
        entry = muted_by(entries, names, whats)
        return None if entry is None else entry.reason

    if finding.changes:
        return dataclasses.replace(finding, changes=tuple(
            dataclasses.replace(change, ignored=reason(change.property, finding.state),
                                baseline=mark((finding.urn, change.property)))
            for change in finding.changes))
    return dataclasses.replace(finding, ignored=reason(finding.state),
                               baseline=mark((finding.urn, finding.state)))


def _unmanaged(item: Unmanaged, entries: Sequence[Entry], baseline: Mapping[Key, str] | None) -> Unmanaged:
    entry = muted_by(entries, (item.id,), ("unmanaged",))
    known = None if baseline is None else STILL if unmanaged_key(item.id) in baseline else NEW
    return dataclasses.replace(item, ignored=None if entry is None else entry.reason, baseline=known)


def triage(report: DriftReport, entries: Sequence[Entry] | None,
           baseline: Mapping[Key, str] | None) -> DriftReport:
    """``report`` with its findings judged; as it is when there is neither."""
    if entries is None and baseline is None:
        return report
    resources = tuple(_finding(f, entries or (), baseline) for f in report.resources)
    unmanaged = tuple(_unmanaged(u, entries or (), baseline) for u in report.unmanaged)
    resolved: tuple[Resolved, ...] = ()
    if baseline is not None:
        today = {key for f in resources if f.drifted
                 for key in finding_keys(f.urn, f.state, [c.property for c in f.changes])}
        today |= {unmanaged_key(u.id) for u in unmanaged}
        resolved = tuple(Resolved(resource, urn, what) for (urn, what), resource in baseline.items()
                         if (urn, what) not in today)
    return dataclasses.replace(report, resources=resources, unmanaged=unmanaged, triaged=True,
                               resolved=resolved)
