"""``VoiceConnectorProxy`` and ``VoiceConnectorProxyArgs``: what a Pulumi program declares.

Generated from ``proxy_config/spec.py`` by ``python -m chime_proxy_dev generate``:
edit the spec, not this file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, overload

import pulumi
from pulumi.dynamic import Resource

from ..dynamic.provider_base import resource_props
from ..kernel.arguments import input_props, resource_args
from .props import COMPUTED, SECRET_OUTPUTS, SPEC
from .provider import VoiceConnectorProxyProvider


@dataclasses.dataclass(repr=False, eq=False)
class VoiceConnectorProxyArgs:
    """Inputs of a ``VoiceConnectorProxy`` (PutVoiceConnectorProxy).

    :param voice_connector_id: The Voice Connector to configure (also the resource id). Rule:
        the model's Voice Connector id pattern. Changing it: replace (the configuration moves to
        the other connector).
    :param default_session_expiry_minutes: Minutes a session lasts when it sets no expiry of its
        own. Rule: whole number from 1 to 2147483647 (the model's 32-bit ``integer``). Updates
        in place.
    :param phone_number_pool_countries: Countries whose numbers serve as proxy numbers. Rule:
        1-100 ISO 3166-1 alpha-2 codes (``^[A-Z]{2}$``, and assigned to a country), no repeats.
        Updates in place.
    :param fall_back_phone_number: The number callers reach when they dial a proxy number
        outside a session. Rule: E.164 (``^\\+?[1-9]\\d{1,14}$``). Unset: none. Updates in
        place. Secret.
    :param disabled: True stops new proxy sessions on the connector. Rule: boolean. Unset:
        ``False`` (enabled). Updates in place.
    :param adopt_existing: Take over a proxy configuration that already exists on the connector
        instead of failing. Rule: take over a configuration already on the connector (another
        stack's, or one made outside Pulumi); destroy then deletes it. Unset: ``False``: create
        fails on a connector that has one. Changes are recorded in place, with no API call.
    """

    voice_connector_id: pulumi.Input[str]
    default_session_expiry_minutes: pulumi.Input[int]
    phone_number_pool_countries: pulumi.Input[Sequence[pulumi.Input[str]]]
    fall_back_phone_number: pulumi.Input[str] | None = None
    disabled: pulumi.Input[bool] | None = None
    adopt_existing: pulumi.Input[bool] | None = None

    def to_props(self) -> dict[str, Any]:
        """Inputs as provider props; secret inputs wrapped as secrets."""
        return input_props(SPEC, self)


class VoiceConnectorProxy(Resource, module="chime", name="VoiceConnectorProxy"):
    """The proxy configuration of an Amazon Chime SDK Voice connector.

    A Voice Connector needs one before proxy sessions can be created on it. Every
    input but ``voice_connector_id`` updates in place (PutVoiceConnectorProxy
    replaces the whole configuration); a new connector id replaces the resource.
    ``pulumi refresh`` reads the configuration back with GetVoiceConnectorProxy, so a
    change made outside Pulumi shows as drift (``pulumi preview --refresh``) and
    ``pulumi up --refresh`` puts the declared configuration back; a configuration
    deleted outside Pulumi leaves the state on refresh and the next ``up`` recreates
    it. ``pulumi destroy`` deletes it (DeleteVoiceConnectorProxy).

    Wire sessions to ``proxy_config.voice_connector_id`` so they are created after,
    and deleted before, the proxy configuration::

        proxy_config = VoiceConnectorProxy(
            "proxy-config", voice_connector_id=vc.id, default_session_expiry_minutes=60,
            phone_number_pool_countries=["US"])
        ProxySession("s", voice_connector_id=proxy_config.voice_connector_id, ...)
    """

    voice_connector_id: pulumi.Output[str]
    """
    The Voice Connector to configure (also the resource id). Changing it: replace (the
    configuration moves to the other connector).
    """
    default_session_expiry_minutes: pulumi.Output[int]
    """Minutes a session lasts when it sets no expiry of its own. Updates in place."""
    phone_number_pool_countries: pulumi.Output[list[str]]
    """Countries whose numbers serve as proxy numbers. Updates in place."""
    fall_back_phone_number: pulumi.Output[str | None]
    """
    The number callers reach when they dial a proxy number outside a session. Unset: none.
    Updates in place. Secret.
    """
    disabled: pulumi.Output[bool]
    """
    True stops new proxy sessions on the connector. Unset: ``False`` (enabled). Updates in
    place.
    """
    adopt_existing: pulumi.Output[bool]
    """
    Take over a proxy configuration that already exists on the connector instead of failing.
    Unset: ``False``: create fails on a connector that has one. Changes are recorded in place,
    with no API call.
    """
    phone_number_countries: pulumi.Output[list[str]]
    """The live pool countries, under the API's output name."""

    @overload
    def __init__(self, resource_name: str, args: VoiceConnectorProxyArgs,
                 opts: pulumi.ResourceOptions | None = None) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        voice_connector_id: pulumi.Input[str],
        default_session_expiry_minutes: pulumi.Input[int],
        phone_number_pool_countries: pulumi.Input[Sequence[pulumi.Input[str]]],
        fall_back_phone_number: pulumi.Input[str] | None = None,
        disabled: pulumi.Input[bool] | None = None,
        adopt_existing: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        """Declare ``resource_name`` from a :class:`VoiceConnectorProxyArgs` or from its fields as
        keyword arguments."""
        declared, options = resource_args(VoiceConnectorProxyArgs, args, kwargs)
        props, options = resource_props(declared.to_props(), COMPUTED, SECRET_OUTPUTS, options)
        super().__init__(VoiceConnectorProxyProvider(), resource_name, props, options)
