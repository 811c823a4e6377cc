"""Pulumi resources, a local emulator and a drift check for Amazon Chime SDK Voice proxy sessions.

Public API::

    from pulumi_chime_proxy import ProxySession, ProxySessionArgs
"""

from .sessions.resource import GeoMatchParamsArgs, ProxySession, ProxySessionArgs

__all__ = ["GeoMatchParamsArgs", "ProxySession", "ProxySessionArgs"]
__version__ = "0.1.0"
