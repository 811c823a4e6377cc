"""Pulumi resources, a local emulator and a drift check for Amazon Chime SDK Voice proxy sessions.

Public API::

    from pulumi_chime_proxy import ProxySession, ProxySessionArgs, Participant
    from pulumi_chime_proxy import VoiceConnectorProxy, VoiceConnectorProxyArgs
    from pulumi_chime_proxy import get_proxy_session, GetProxySessionResult
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .proxy_config.resource import VoiceConnectorProxy, VoiceConnectorProxyArgs
    from .sessions.lookup import get_proxy_session
    from .sessions.outputs import GetProxySessionResult, Participant
    from .sessions.resource import GeoMatchParamsArgs, ProxySession, ProxySessionArgs

#: Where each public name lives. Imported on first use, so that a provider host, which
#: imports only the module its pickled provider names, does not pay for the others.
_PUBLIC = {
    "GeoMatchParamsArgs": ".sessions.resource",
    "GetProxySessionResult": ".sessions.outputs",
    "Participant": ".sessions.outputs",
    "ProxySession": ".sessions.resource",
    "ProxySessionArgs": ".sessions.resource",
    "VoiceConnectorProxy": ".proxy_config.resource",
    "VoiceConnectorProxyArgs": ".proxy_config.resource",
    "get_proxy_session": ".sessions.lookup",
}

__all__ = [
    "GeoMatchParamsArgs",
    "GetProxySessionResult",
    "Participant",
    "ProxySession",
    "ProxySessionArgs",
    "VoiceConnectorProxy",
    "VoiceConnectorProxyArgs",
    "get_proxy_session",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
