"""Pulumi resources, a local emulator and a drift check for Amazon Chime SDK Voice proxy sessions.

Public API::

    from pulumi_chime_proxy import ProxySession, ProxySessionArgs, Participant
    from pulumi_chime_proxy import VoiceConnectorProxy, VoiceConnectorProxyArgs
    from pulumi_chime_proxy import get_proxy_session, GetProxySessionResult
"""

from .proxy_config.resource import VoiceConnectorProxy, VoiceConnectorProxyArgs
from .sessions.lookup import get_proxy_session
from .sessions.outputs import GetProxySessionResult, Participant
from .sessions.resource import GeoMatchParamsArgs, ProxySession, ProxySessionArgs

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
