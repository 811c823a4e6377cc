"""``get_proxy_session``: read an existing proxy session from a program, without managing it.

Python dynamic resources support neither ``ProxySession.get`` nor ``pulumi import``
(the engine reads them without their provider), so this is the read-only counterpart,
as pulumi-aws's ``get_*`` functions are: it calls GetProxySession from the program,
with the stack's own ``aws:*`` config, during preview as during ``up``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pulumi

from ..aws import clients, errors
from ..aws.settings import ClientSettings
from ..dynamic import stack_config
from .outputs import GetProxySessionResult, Participant
from .props import SPEC, outputs_from_session
from .provider import KIND, subject


def result_from_session(session: dict[str, Any]) -> GetProxySessionResult:
    """The typed result for a GetProxySession ``ProxySession`` (boto3-parsed): every
    property the spec reads from the service, the stack's own settings left out."""
    outs = outputs_from_session(session, {})
    fields = {name: outs[name] for name in SPEC.inputs + SPEC.computed if name not in SPEC.own}
    fields["participants"] = [Participant(**p) for p in fields["participants"]]
    fields["name"] = fields["name"] or None
    return GetProxySessionResult(**fields)


def fetch_proxy_session(settings: ClientSettings, voice_connector_id: str,
                        proxy_session_id: str) -> GetProxySessionResult:
    """GetProxySession with ``settings``; a clear ``pulumi.RunError`` (printed without
    a traceback) when the session does not exist or the call fails."""
    try:
        session = KIND.fetch(clients.client_for(settings), voice_connector_id, proxy_session_id)
    except (errors.ChimeProxyError, LookupError) as error:
        raise pulumi.RunError(f"get_proxy_session: {error}") from error
    if session is None:
        raise pulumi.RunError(
            f"get_proxy_session: {subject(voice_connector_id, proxy_session_id)} does not exist")
    return result_from_session(session)


def get_proxy_session(voice_connector_id: pulumi.Input[str],
                      proxy_session_id: pulumi.Input[str]) -> pulumi.Output[GetProxySessionResult]:
    """Look up an existing proxy session (read-only: the stack does not manage it).

    Returns a **secret** ``Output`` of :class:`GetProxySessionResult`, since it holds
    phone numbers and the name; take a field that is not sensitive out of it with
    ``pulumi.Output.unsecret(result.apply(lambda s: s.status))``. The call runs when
    both ids are known (also during preview); a session that does not exist fails the
    program with one line naming it.
    """

    # Stack config lives in the program's context, which a worker thread does not see.
    settings = stack_config.program_settings()

    async def fetch(ids: list[Any]) -> GetProxySessionResult:
        vc, ps = (str(i) for i in ids)
        return await asyncio.get_running_loop().run_in_executor(
            None, fetch_proxy_session, settings, vc, ps)

    # Secret from the start: an apply keeps its input's secrecy and its own value as is
    # (``Output.secret`` on the result would flatten the typed value into a plain dict).
    ids = pulumi.Output.all(pulumi.Output.secret(voice_connector_id), proxy_session_id)
    return ids.apply(fetch)
