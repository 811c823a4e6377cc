"""``ProxySession``'s names and its mapping onto the Chime API, derived from the spec
(:mod:`.spec`): nothing here names a property the spec does not declare.

A resource's outputs hold the *live* value of every input property (read back
from GetProxySession), so that ``diff(olds=outputs, news=inputs)`` answers the same
question during ``up`` and during refresh: does the live session match what the
program asks for?
"""

from __future__ import annotations

from typing import Any

from ..kernel import core
from ..kernel.core import iso
from .spec import PROXY_SESSION

SPEC = PROXY_SESSION
TYPE_TOKEN = SPEC.type_token
#: Inputs that map one-to-one onto CreateProxySession members.
API_NAMES: dict[str, str] = SPEC.api_names
#: Inputs of our own, not sent to the API.
ADOPT = "adopt_proxy_session_id"
KEEP_CLOSED = "keep_closed"
assert {ADOPT, KEEP_CLOSED} == set(SPEC.own), SPEC.own
INPUTS: tuple[str, ...] = SPEC.inputs
#: Inputs that UpdateProxySession (or no call at all) can change in place.
UPDATABLE = SPEC.updatable
#: Outputs that only the service sets.
COMPUTED: tuple[str, ...] = SPEC.computed
#: Props that carry phone numbers or names: secrets in state.
SECRET_OUTPUTS: tuple[str, ...] = SPEC.secret_outputs
#: API member name -> Pulumi name, at every depth of CreateProxySession's input.
PROP_NAMES: dict[str, str] = SPEC.prop_names

__all__ = ["ADOPT", "API_NAMES", "COMPUTED", "INPUTS", "KEEP_CLOSED", "PROP_NAMES",
           "SECRET_OUTPUTS", "SPEC", "TYPE_TOKEN", "UPDATABLE", "create_params", "iso",
           "outputs_from_session", "update_params"]


def create_params(inputs: dict[str, Any]) -> dict[str, Any]:
    """CreateProxySession parameters for checked inputs (unset inputs omitted)."""
    return core.request(SPEC, inputs)


def update_params(voice_connector_id: str, proxy_session_id: str,
                  inputs: dict[str, Any]) -> dict[str, Any]:
    """UpdateProxySession parameters: the session, and each input it updates (the
    required ``capabilities`` always, ``expiry_minutes`` when set)."""
    return {"VoiceConnectorId": voice_connector_id, "ProxySessionId": proxy_session_id,
            **core.update_request(SPEC, inputs)}


def outputs_from_session(session: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """Outputs for a GetProxySession ``ProxySession`` (boto3-parsed), keeping our own inputs."""
    return core.outputs(SPEC, session, inputs)
