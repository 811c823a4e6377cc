"""AWS's end of support for proxy sessions, as the loaded service model states it.

botocore's model marks each retired operation ``deprecated`` and says why in
``deprecatedMessage``. Reading both at run time (never a copied date) keeps what this
package says in step with the botocore release installed beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def end_of_support(data: dict[str, Any] | None = None) -> EndOfSupport | None:
    """The model's end-of-support notice for the proxy operations, or None when the
    model marks none of them deprecated."""
    operations = (data or spec.service_data()).get("operations", {})
    retired = tuple(
        name for name in PROXY_OPERATIONS if operations.get(name, {}).get("deprecated")
    )
    if not retired:
        return None
    message = str(operations[retired[0]].get("deprecatedMessage") or "deprecated")
    return EndOfSupport(operations=retired, message=message)


def notice_line(notice: EndOfSupport) -> str:
    """The one line a user reads wherever the notice is shown."""
    return (f"botocore's service model marks {len(notice.operations)} proxy operations "
            f"deprecated: \"{notice.message}\" (what still works and how to decommission: "
            f"{DOCS})")
