"""The emulator's records: voice connectors, proxy configurations, proxy sessions.

Each record converts to and from the member names of its output shape
(``to_shape``/``from_shape``), with Python values (``datetime`` for timestamps);
:mod:`serializer` turns those into JSON. A proxy configuration and a session hold as
fields only the members the emulator acts on; every other member of the model's shape
is kept as given (``members``), so a member the service gains, or one with no behaviour
here, needs no code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .serializer import model_shape

STATUS_OPEN = "Open"
STATUS_IN_PROGRESS = "InProgress"
STATUS_CLOSED = "Closed"


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def passed_through(shape: str, values: Any, acted_on: frozenset[str]) -> dict[str, Any]:
    """The members of ``values`` that the model's ``shape`` has and a record does not
    hold as fields (``acted_on``): kept and answered as given."""
    members = model_shape(shape).members
    return {k: v for k, v in dict(values).items() if k in members and k not in acted_on and v is not None}


@dataclass
class VoiceConnector:
    voice_connector_id: str
    name: str
    require_encryption: bool
    aws_region: str = "us-east-1"
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    arn: str | None = None
    outbound_host_name: str | None = None
    integration_type: str | None = None
    network_type: str | None = None
    tags: list[dict[str, str]] = field(default_factory=list)
    seq: int = 0

    def to_shape(self) -> dict[str, Any]:
        """Members of the ``VoiceConnector`` shape."""
        return _drop_none(
            {
                "VoiceConnectorId": self.voice_connector_id,
                "AwsRegion": self.aws_region,
                "Name": self.name,
                "OutboundHostName": self.outbound_host_name,
                "RequireEncryption": self.require_encryption,
                "CreatedTimestamp": self.created,
                "UpdatedTimestamp": self.updated,
                "VoiceConnectorArn": self.arn,
                "IntegrationType": self.integration_type,
                "NetworkType": self.network_type,
            }
        )

    @classmethod
    def from_shape(cls, values: dict[str, Any], seq: int = 0) -> VoiceConnector:
        return cls(
            voice_connector_id=values["VoiceConnectorId"],
            name=values.get("Name") or values["VoiceConnectorId"],
            require_encryption=bool(values.get("RequireEncryption", True)),
            aws_region=values.get("AwsRegion") or "us-east-1",
            created=values.get("CreatedTimestamp"),
            updated=values.get("UpdatedTimestamp"),
            arn=values.get("VoiceConnectorArn"),
            outbound_host_name=values.get("OutboundHostName"),
            integration_type=values.get("IntegrationType"),
            network_type=values.get("NetworkType"),
            seq=seq,
        )


@dataclass
class ProxyConfig:
    default_session_expiry_minutes: int
    phone_number_countries: list[str]
    disabled: bool = False
    members: dict[str, Any] = field(default_factory=dict)

    #: The ``Proxy`` members held as fields (each has behaviour here).
    ACTED_ON = frozenset({"DefaultSessionExpiryMinutes", "PhoneNumberCountries", "Disabled"})

    def to_shape(self) -> dict[str, Any]:
        """Members of the ``Proxy`` shape."""
        return _drop_none(
            {
                **self.members,
                "DefaultSessionExpiryMinutes": self.default_session_expiry_minutes,
                "Disabled": self.disabled,
                "PhoneNumberCountries": list(self.phone_number_countries),
            }
        )

    @classmethod
    def from_shape(cls, values: dict[str, Any]) -> ProxyConfig:
        return cls(
            default_session_expiry_minutes=int(values.get("DefaultSessionExpiryMinutes") or 60),
            phone_number_countries=list(
                values.get("PhoneNumberCountries") or values.get("PhoneNumberPoolCountries") or ["US"]
            ),
            disabled=bool(values.get("Disabled") or False),
            members=passed_through("Proxy", values, cls.ACTED_ON),
        )


@dataclass
class ParticipantRecord:
    phone_number: str | None
    proxy_phone_number: str | None

    def to_shape(self) -> dict[str, Any]:
        return _drop_none({"PhoneNumber": self.phone_number, "ProxyPhoneNumber": self.proxy_phone_number})


@dataclass
class SessionRecord:
    voice_connector_id: str
    proxy_session_id: str
    status: str | None
    capabilities: list[str] | None
    participants: list[ParticipantRecord]
    name: str | None = None
    expiry_minutes: int | None = None
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    ended: dt.datetime | None = None
    #: Members of the ``ProxySession`` shape not held as fields (:func:`passed_through`).
    members: dict[str, Any] = field(default_factory=dict)
    #: Start of the expiry countdown (normally ``created``); not on the wire.
    expiry_base: dt.datetime | None = None
    seq: int = 0

    #: The ``ProxySession`` members held as fields.
    ACTED_ON = frozenset({"VoiceConnectorId", "ProxySessionId", "Name", "Status", "ExpiryMinutes",
                          "Capabilities", "CreatedTimestamp", "UpdatedTimestamp", "EndedTimestamp",
                          "Participants"})

    @property
    def expires_at(self) -> dt.datetime | None:
        base = self.expiry_base or self.created
        if base is None or self.expiry_minutes is None:
            return None
        return base + dt.timedelta(minutes=self.expiry_minutes)

    @property
    def is_closed(self) -> bool:
        return self.status == STATUS_CLOSED

    def to_shape(self) -> dict[str, Any]:
        """Members of the ``ProxySession`` shape."""
        return _drop_none(
            {
                **self.members,
                "VoiceConnectorId": self.voice_connector_id,
                "ProxySessionId": self.proxy_session_id,
                "Name": self.name,
                "Status": self.status,
                "ExpiryMinutes": self.expiry_minutes,
                "Capabilities": list(self.capabilities) if self.capabilities is not None else None,
                "CreatedTimestamp": self.created,
                "UpdatedTimestamp": self.updated,
                "EndedTimestamp": self.ended,
                "Participants": [p.to_shape() for p in self.participants],
            }
        )

    @classmethod
    def from_shape(cls, values: dict[str, Any], seq: int = 0) -> SessionRecord:
        participants = [
            ParticipantRecord(p.get("PhoneNumber"), p.get("ProxyPhoneNumber"))
            for p in values.get("Participants") or []
        ]
        return cls(
            voice_connector_id=values["VoiceConnectorId"],
            proxy_session_id=values["ProxySessionId"],
            status=values.get("Status"),
            capabilities=values.get("Capabilities"),
            participants=participants,
            name=values.get("Name"),
            expiry_minutes=values.get("ExpiryMinutes"),
            created=values.get("CreatedTimestamp"),
            updated=values.get("UpdatedTimestamp"),
            ended=values.get("EndedTimestamp"),
            members=passed_through("ProxySession", values, cls.ACTED_ON),
            seq=seq,
        )
