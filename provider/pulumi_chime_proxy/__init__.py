"""Pulumi resources, a local emulator and a drift check for Amazon Chime SDK Voice proxy sessions.

Public API::

    from pulumi_chime_proxy import ProxySession, ProxySessionArgs
    from pulumi_chime_proxy import VoiceConnectorProxy, VoiceConnectorProxyArgs
"""

from .proxy_config.resource import VoiceConnectorProxy, VoiceConnectorProxyArgs
from .sessions.resource import GeoMatchParamsArgs, ProxySession, ProxySessionArgs

__all__ = [
    "GeoMatchParamsArgs",
    "ProxySession",
    "ProxySessionArgs",
    "VoiceConnectorProxy",
    "VoiceConnectorProxyArgs",
]
__version__ = "0.1.0"
