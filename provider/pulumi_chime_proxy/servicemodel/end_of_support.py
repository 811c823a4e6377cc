"""AWS's end of support for proxy sessions, as the loaded service model states it.

botocore's model marks each retired operation ``deprecated`` and says why in
``deprecatedMessage``. Reading both at run time (never a copied date) keeps what this
package says in step with the botocore release installed beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import spec

#: The proxy operations this package calls, in the order a stack's life uses them.
PROXY_OPERATIONS: tuple[str, ...] = (
    "CreateProxySession",
    "GetProxySession",
    "UpdateProxySession",
    "ListProxySessions",
    "DeleteProxySession",
    "PutVoiceConnectorProxy",
    "GetVoiceConnectorProxy",
    "DeleteVoiceConnectorProxy",
)
DOCS = "docs/end-of-support.md"


@dataclass(frozen=True)
class EndOfSupport:
    """Which of our operations the model marks deprecated, and the model's own words."""

    operations: tuple[str, ...]
    #: ``deprecatedMessage`` of the first of them (the messages differ only by the
    #: operation's reference URL).
    message: str


def deprecation(operation: str, data: dict[str, Any] | None = None) -> str | None:
    """The model's ``deprecatedMessage`` for ``operation`` when the model marks it
    ``deprecated``, else None."""
    traits = (data or spec.service_data()).get("operations", {}).get(operation, {})
    if not traits.get("deprecated"):
        return None
    return str(traits.get("deprecatedMessage") or f"{operation} is deprecated")


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def carries_notice(operation: str, message: str, data: dict[str, Any] | None = None) -> bool:
    """Whether ``message`` (an error's) quotes the first sentence of the model's
    ``deprecatedMessage`` for ``operation``: the one sign in an answer that it is the end of
    support and not some other refusal. Case and spacing are not compared."""
    notice = deprecation(operation, data)
    if notice is None:
        return False
    first = re.split(r"(?<=[.!?])\s", notice.strip(), maxsplit=1)[0].rstrip(".!?")
    return bool(first) and _folded(first) in _folded(message)


def notice(data: dict[str, Any] | None = None) -> EndOfSupport | None:
    """The model's end-of-support notice for the proxy operations, or None when the
    model marks none of them deprecated."""
    messages = {name: deprecation(name, data) for name in PROXY_OPERATIONS}
    retired = tuple(name for name, message in messages.items() if message is not None)
    if not retired:
        return None
    return EndOfSupport(operations=retired, message=str(messages[retired[0]]))


def installed_docs() -> Path | None:
    """Where :data:`DOCS` is in this installation (the wheel ships ``docs/*.md`` in the
    package), for a user who has the package and not the repository."""
    found = Path(__file__).resolve().parents[1] / DOCS
    return found if found.is_file() else None


def notice_line(notice: EndOfSupport) -> str:
    """The one line a user reads wherever the notice is shown."""
    return (f"botocore's service model marks {len(notice.operations)} proxy operations "
            f"deprecated: \"{notice.message}\" (what still works and how to decommission: "
            f"{DOCS})")
