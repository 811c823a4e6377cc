"""``VoiceConnectorProxy`` and ``VoiceConnectorProxyArgs``: what a Pulumi program declares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import pulumi
from pulumi.dynamic import Resource

from ..aws.provider_base import resource_props
from ..kernel.arguments import input_props, resource_args
from .props import COMPUTED, SECRET_OUTPUTS, SPEC
from .provider import VoiceConnectorProxyProvider


class VoiceConnectorProxyArgs:
    """Inputs of a ``VoiceConnectorProxy`` (PutVoiceConnectorProxy).

    :param voice_connector_id: The Voice Connector to configure. Changing it
        replaces the resource (the configuration moves to the other connector).
    :param default_session_expiry_minutes: Minutes a proxy session lasts when it
        sets no ``expiry_minutes`` of its own (>= 1); updates in place.
    :param phone_number_pool_countries: Countries (ISO 3166-1 alpha-2, e.g. ``US``)
        whose numbers serve as proxy numbers; 1 to 100, no repeats; updates in place.
    :param fall_back_phone_number: E.164 number that callers reach when they dial a
        proxy number outside a session (secret); unset means none; updates in place.
    :param disabled: ``True`` stops new proxy sessions on the connector; unset means
        enabled; updates in place.
    :param adopt_existing: ``True`` takes over a proxy configuration that already
        exists on the connector (another stack's, or one made outside Pulumi); unset,
        create fails on such a connector instead. Destroy then deletes it.
    """

    def __init__(
        self,
        voice_connector_id: pulumi.Input[str],
        default_session_expiry_minutes: pulumi.Input[int],
        phone_number_pool_countries: pulumi.Input[Sequence[pulumi.Input[str]]],
        fall_back_phone_number: pulumi.Input[str] | None = None,
        disabled: pulumi.Input[bool] | None = None,
        adopt_existing: pulumi.Input[bool] | None = None,
    ) -> None:
        self.voice_connector_id = voice_connector_id
        self.default_session_expiry_minutes = default_session_expiry_minutes
        self.phone_number_pool_countries = phone_number_pool_countries
        self.fall_back_phone_number = fall_back_phone_number
        self.disabled = disabled
        self.adopt_existing = adopt_existing

    def to_props(self) -> dict[str, Any]:
        """Inputs as provider props; the fallback number wrapped as a secret."""
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
    """The configured Voice Connector (also the resource id)."""
    default_session_expiry_minutes: pulumi.Output[int]
    """Live default session lifetime, in minutes."""
    phone_number_pool_countries: pulumi.Output[list[str]]
    """Live pool countries (the API's ``PhoneNumberCountries``)."""
    phone_number_countries: pulumi.Output[list[str]]
    """The same list under the API's output name."""
    fall_back_phone_number: pulumi.Output[str | None]
    """Live fallback number, or None (secret)."""
    disabled: pulumi.Output[bool]
    """Whether proxy sessions are disabled on the connector."""
    adopt_existing: pulumi.Output[bool]
    """Whether the stack may take over an existing configuration."""

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
        """Declare the proxy configuration ``resource_name`` from a
        :class:`VoiceConnectorProxyArgs` or from its fields as keyword arguments."""
        proxy_config_args, options = resource_args(VoiceConnectorProxyArgs, args, kwargs)
        props, options = resource_props(proxy_config_args.to_props(), COMPUTED, SECRET_OUTPUTS, options)
        super().__init__(VoiceConnectorProxyProvider(), resource_name, props, options)
