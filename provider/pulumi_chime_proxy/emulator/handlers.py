"""Operation handlers: input parameters in, output members out, no HTTP.

Like LocalStack's ``@handler("CreateSchedule")``: each function is registered
under its operation name in :data:`HANDLERS`; the gateway looks the name up
after parsing and validating the request. A modeled operation missing from the
table is answered as not implemented.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .store import Store

Params = dict[str, Any]
Result = dict[str, Any] | None
Handler = Callable[[Store, Params], Result]

HANDLERS: dict[str, Handler] = {}


def handler(operation: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of ``operation``."""

    def register(func: Handler) -> Handler:
        HANDLERS[operation] = func
        return func

    return register


@handler("CreateVoiceConnector")
def create_voice_connector(store: Store, p: Params) -> Result:
    vc = store.create_voice_connector(
        name=p["Name"],
        require_encryption=p["RequireEncryption"],
        aws_region=p.get("AwsRegion"),
        tags=p.get("Tags"),
        integration_type=p.get("IntegrationType"),
        network_type=p.get("NetworkType"),
    )
    return {"VoiceConnector": vc}


@handler("GetVoiceConnector")
def get_voice_connector(store: Store, p: Params) -> Result:
    return {"VoiceConnector": store.get_voice_connector(p["VoiceConnectorId"])}


@handler("ListVoiceConnectors")
def list_voice_connectors(store: Store, p: Params) -> Result:
    items, token = store.list_voice_connectors(p.get("MaxResults"), p.get("NextToken"))
    return {"VoiceConnectors": items, "NextToken": token}


@handler("UpdateVoiceConnector")
def update_voice_connector(store: Store, p: Params) -> Result:
    vc = store.update_voice_connector(p["VoiceConnectorId"], p["Name"], p["RequireEncryption"])
    return {"VoiceConnector": vc}


@handler("DeleteVoiceConnector")
def delete_voice_connector(store: Store, p: Params) -> Result:
    store.delete_voice_connector(p["VoiceConnectorId"])
    return None


@handler("PutVoiceConnectorProxy")
def put_voice_connector_proxy(store: Store, p: Params) -> Result:
    proxy = store.put_voice_connector_proxy(p["VoiceConnectorId"], p)
    return {"Proxy": proxy}


@handler("GetVoiceConnectorProxy")
def get_voice_connector_proxy(store: Store, p: Params) -> Result:
    return {"Proxy": store.get_voice_connector_proxy(p["VoiceConnectorId"])}


@handler("DeleteVoiceConnectorProxy")
def delete_voice_connector_proxy(store: Store, p: Params) -> Result:
    store.delete_voice_connector_proxy(p["VoiceConnectorId"])
    return None


@handler("CreateProxySession")
def create_proxy_session(store: Store, p: Params) -> Result:
    session = store.create_proxy_session(p["VoiceConnectorId"], p)
    return {"ProxySession": session}


@handler("GetProxySession")
def get_proxy_session(store: Store, p: Params) -> Result:
    return {"ProxySession": store.get_proxy_session(p["VoiceConnectorId"], p["ProxySessionId"])}


@handler("ListProxySessions")
def list_proxy_sessions(store: Store, p: Params) -> Result:
    items, token = store.list_proxy_sessions(
        p["VoiceConnectorId"], p.get("Status"), p.get("MaxResults"), p.get("NextToken")
    )
    return {"ProxySessions": items, "NextToken": token}


@handler("UpdateProxySession")
def update_proxy_session(store: Store, p: Params) -> Result:
    session = store.update_proxy_session(p["VoiceConnectorId"], p["ProxySessionId"], p)
    return {"ProxySession": session}


@handler("DeleteProxySession")
def delete_proxy_session(store: Store, p: Params) -> Result:
    store.delete_proxy_session(p["VoiceConnectorId"], p["ProxySessionId"])
    return None
