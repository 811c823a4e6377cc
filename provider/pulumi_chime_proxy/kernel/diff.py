"""The outcome of comparing live outputs with desired inputs, for either resource."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ResourceDiff:
    """Changed properties, and those among them that force a replace."""

    changed: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        """True when ``up`` has something to do."""
        return bool(self.changed)

    @classmethod
    def of(cls, changed: Iterable[str], updatable: Collection[str]) -> ResourceDiff:
        """The diff for ``changed``: whatever is not ``updatable`` in place replaces."""
        names = list(changed)
        return cls(changed=names, replaces=[p for p in names if p not in updatable])
