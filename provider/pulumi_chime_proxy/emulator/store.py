"""State and behaviour of voice connectors, proxy configurations and proxy sessions.

No HTTP here: methods take typed arguments, raise :mod:`errors` exceptions and
return plain dicts shaped like the model's output members (snapshots taken under
the lock, so callers may serialize them while other threads mutate state).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import threading
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import ids, number_pool
from .clock import Clock
from .errors import BadRequestException, ConflictException, NotFoundException
from .models import (
    STATUS_CLOSED,
    STATUS_IN_PROGRESS,
    STATUS_OPEN,
    ParticipantRecord,
    ProxyConfig,
    SessionRecord,
    VoiceConnector,
    passed_through,
)
from .session_table import SessionTable

Shape = dict[str, Any]
StickyKey = tuple[str, frozenset[str]]
#: A part of the number pool: (country, area code or None for any).
Target = tuple[str, str | None]
#: (voice connector id, proxy session id)
SessionKey = tuple[str, str]
DEFAULT_PAGE_SIZE = 100


@dataclass
class Records:
    """Everything the store holds; what the state file saves and restores."""

    voice_connectors: dict[str, VoiceConnector] = field(default_factory=dict)
    proxy_configs: dict[str, ProxyConfig] = field(default_factory=dict)
    sessions: dict[str, SessionTable] = field(default_factory=dict)
    #: (voice connector, participant pair) -> participant -> last proxy number.
    sticky: dict[StickyKey, dict[str, str]] = field(default_factory=dict)
    clock_offset_seconds: float = 0.0


class Store:
    """The emulated Chime SDK Voice account (one region, one account)."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or Clock()
        self.lock = threading.RLock()
        self._records = Records()
        self._seq = 0
        #: Sessions created, changed or deleted since :meth:`take_changes`; ``_everything``
        #: when the whole state was replaced.
        self._touched: set[SessionKey] = set()
        self._everything = True
        #: Called under the lock after every change (the state file saver); must not raise.
        self.on_change: Callable[[], None] | None = None

    # ----------------------------------------------------------- housekeeping
    def reset(self) -> None:
        """Forget everything, including the clock offset."""
        with self.lock:
            self._records = Records()
            self.clock.set_offset(0)
            self._everything = True
            self._changed()

    def restore(self, records: Records) -> None:
        """Replace all state with ``records`` (state file load)."""
        with self.lock:
            self.clock.set_offset(records.clock_offset_seconds)
            self._records = records
            seqs = [vc.seq for vc in records.voice_connectors.values()]
            seqs += [s.seq for group in records.sessions.values() for s in group.values()]
            self._seq = max(seqs, default=0)
            self._everything = True

    # ------------------------------------------------------------ state file support
    def take_changes(self) -> tuple[bool, set[SessionKey]]:
        """(whole state replaced?, sessions touched) since the last call; call under the lock."""
        self._expire_all()
        everything, touched = self._everything, self._touched
        self._everything, self._touched = False, set()
        return everything, touched

    def mark_everything_changed(self) -> None:
        """The next :meth:`take_changes` reports the whole state as replaced."""
        with self.lock:
            self._everything = True

    def find_session(self, key: SessionKey) -> SessionRecord | None:
        """The session record itself (call under the lock; do not keep it)."""
        group = self._records.sessions.get(key[0])
        return group.get(key[1]) if group is not None else None

    def all_sessions(self) -> list[SessionRecord]:
        """Every session record in creation order (call under the lock)."""
        sessions = [s for group in self._records.sessions.values() for s in group.values()]
        sessions.sort(key=lambda s: s.seq)
        return sessions

    def records(self) -> Records:
        """The records themselves (call under the lock; read only)."""
        self._records.clock_offset_seconds = self.clock.offset_seconds
        return self._records

    def advance_clock(self, seconds: float) -> dt.datetime:
        with self.lock:
            try:
                now = self.clock.advance(seconds)
            except ValueError as exc:
                raise BadRequestException(f"Seconds: {exc}") from exc
            self._expire_all()
            self._changed()  # the clock offset is saved state too
            return now

    # --------------------------------------------------------- voice connectors
    def create_voice_connector(
        self,
        name: str,
        require_encryption: bool,
        aws_region: str | None = None,
        tags: list[dict[str, str]] | None = None,
        integration_type: str | None = None,
        network_type: str | None = None,
    ) -> Shape:
        with self.lock:
            vc_id = self._unique_id(self._records.voice_connectors)
            region = aws_region or "us-east-1"
            now = self.clock.now()
            vc = VoiceConnector(
                voice_connector_id=vc_id,
                name=name,
                require_encryption=require_encryption,
                aws_region=region,
                created=now,
                updated=now,
                arn=ids.voice_connector_arn(region, vc_id),
                outbound_host_name=ids.outbound_host_name(vc_id),
                integration_type=integration_type,
                network_type=network_type,
                tags=list(tags or []),
                seq=self._next_seq(),
            )
            self._records.voice_connectors[vc_id] = vc
            self._changed()
            return vc.to_shape()

    def get_voice_connector(self, voice_connector_id: str) -> Shape:
        with self.lock:
            return self._vc(voice_connector_id).to_shape()

    def list_voice_connectors(
        self, max_results: int | None = None, next_token: str | None = None
    ) -> tuple[list[Shape], str | None]:
        with self.lock:
            items = sorted(self._records.voice_connectors.values(), key=lambda v: v.seq)
            page, token = _paginate(items, lambda v: v.seq, max_results, next_token)
            return [vc.to_shape() for vc in page], token

    def update_voice_connector(self, voice_connector_id: str, name: str, require_encryption: bool) -> Shape:
        with self.lock:
            vc = self._vc(voice_connector_id)
            vc.name = name
            vc.require_encryption = require_encryption
            vc.updated = self.clock.now()
            self._changed()
            return vc.to_shape()

    def delete_voice_connector(self, voice_connector_id: str) -> None:
        with self.lock:
            self._vc(voice_connector_id)
            sessions = self._records.sessions.get(voice_connector_id)
            if sessions:
                raise ConflictException(
                    f"Voice connector {voice_connector_id} still has {len(sessions)} proxy "
                    "session(s); delete them first"
                )
            del self._records.voice_connectors[voice_connector_id]
            self._records.proxy_configs.pop(voice_connector_id, None)
            self._records.sessions.pop(voice_connector_id, None)
            for key in [k for k in self._records.sticky if k[0] == voice_connector_id]:
                del self._records.sticky[key]
            self._changed()

    # ------------------------------------------------------- proxy configuration
    def put_voice_connector_proxy(self, voice_connector_id: str, request: Mapping[str, Any]) -> Shape:
        """PutVoiceConnectorProxy with its (validated) request members."""
        default_session_expiry_minutes = int(request["DefaultSessionExpiryMinutes"])
        phone_number_pool_countries = list(request["PhoneNumberPoolCountries"])
        with self.lock:
            self._vc(voice_connector_id)
            if default_session_expiry_minutes < 1:
                raise BadRequestException("DefaultSessionExpiryMinutes: must be at least 1")
            for index, country in enumerate(phone_number_pool_countries):
                if not number_pool.is_supported(country):
                    raise BadRequestException(
                        f"PhoneNumberPoolCountries[{index}]: country {country!r} has no proxy phone numbers"
                    )
            config = ProxyConfig(
                default_session_expiry_minutes=default_session_expiry_minutes,
                phone_number_countries=list(dict.fromkeys(phone_number_pool_countries)),
                disabled=bool(request.get("Disabled")),
                members=passed_through("Proxy", request, ProxyConfig.ACTED_ON),
            )
            self._records.proxy_configs[voice_connector_id] = config
            self._changed()
            return config.to_shape()

    def get_voice_connector_proxy(self, voice_connector_id: str) -> Shape:
        with self.lock:
            return self._proxy_config(voice_connector_id).to_shape()

    def delete_voice_connector_proxy(self, voice_connector_id: str) -> None:
        with self.lock:
            self._proxy_config(voice_connector_id)
            del self._records.proxy_configs[voice_connector_id]
            self._changed()

    # ------------------------------------------------------------ proxy sessions
    def create_proxy_session(self, voice_connector_id: str, request: Mapping[str, Any]) -> Shape:
        """CreateProxySession with its (validated) request members."""
        participant_phone_numbers = list(request["ParticipantPhoneNumbers"])
        capabilities = list(request["Capabilities"])
        expiry_minutes = request.get("ExpiryMinutes")
        with self.lock:
            self._vc(voice_connector_id)
            config = self._records.proxy_configs.get(voice_connector_id)
            if config is None:
                raise BadRequestException(
                    f"Voice connector {voice_connector_id} has no proxy configuration; "
                    "call PutVoiceConnectorProxy first"
                )
            if config.disabled:
                raise BadRequestException(
                    f"Proxy sessions are disabled on voice connector {voice_connector_id}"
                )
            numbers = list(participant_phone_numbers)
            if len(numbers) != 2:
                raise BadRequestException("ParticipantPhoneNumbers: exactly 2 are required")
            if _normalize(numbers[0]) == _normalize(numbers[1]):
                raise BadRequestException("ParticipantPhoneNumbers: participants must be distinct")
            if not capabilities:
                raise BadRequestException("Capabilities: at least one capability is required")
            targets = geo_targets(config, request.get("GeoMatchLevel"), request.get("GeoMatchParams"))
            self._expire_group(voice_connector_id)
            group = self._records.sessions.get(voice_connector_id)
            if group is None:
                group = SessionTable()
            proxy = self._pick_proxy_number(
                voice_connector_id, group, numbers, targets, request.get("NumberSelectionBehavior")
            )
            now = self.clock.now()
            session = SessionRecord(
                voice_connector_id=voice_connector_id,
                proxy_session_id=self._unique_id(group),
                status=STATUS_OPEN,
                capabilities=list(capabilities),
                participants=[ParticipantRecord(number, proxy) for number in numbers],
                name=request.get("Name"),
                expiry_minutes=expiry_minutes or config.default_session_expiry_minutes,
                created=now,
                updated=now,
                members=passed_through("ProxySession", request, SessionRecord.ACTED_ON),
                expiry_base=now,
                seq=self._next_seq(),
            )
            self._records.sessions[voice_connector_id] = group
            group.add(session)
            sticky = self._records.sticky.setdefault(_sticky_key(voice_connector_id, numbers), {})
            sticky.update(dict.fromkeys(numbers, proxy))
            self._changed(session)
            return session.to_shape()

    def get_proxy_session(self, voice_connector_id: str, proxy_session_id: str) -> Shape:
        with self.lock:
            session = self._session(voice_connector_id, proxy_session_id)
            if self._expire(session, self.clock.now()):
                self._changed(session)
            return session.to_shape()

    def list_proxy_sessions(
        self,
        voice_connector_id: str,
        status: str | None = None,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> tuple[list[Shape], str | None]:
        with self.lock:
            self._vc(voice_connector_id)
            if self._expire_group(voice_connector_id):
                self._changed()
            group = self._records.sessions.get(voice_connector_id)
            if group is None:
                group = SessionTable()
            size = max_results or DEFAULT_PAGE_SIZE
            page, more = group.page(
                _token_seq(next_token), size, lambda s: status is None or s.status == status
            )
            token = _seq_token(page[-1].seq) if more else None
            return [s.to_shape() for s in page], token

    def update_proxy_session(self, voice_connector_id: str, proxy_session_id: str,
                             request: Mapping[str, Any]) -> Shape:
        """UpdateProxySession with its request's members: ``Capabilities`` (required) and
        ``ExpiryMinutes`` have behaviour here; any other member of the session's shape is
        kept as given, as on create."""
        capabilities, expiry_minutes = request.get("Capabilities"), request.get("ExpiryMinutes")
        with self.lock:
            session = self._session(voice_connector_id, proxy_session_id)
            now = self.clock.now()
            if self._expire(session, now):
                self._changed(session)
            if session.is_closed:
                raise BadRequestException(f"Proxy session {proxy_session_id} is Closed")
            if not capabilities:
                raise BadRequestException("Capabilities: at least one capability is required")
            session.capabilities = list(capabilities)
            session.members.update(passed_through("ProxySession", request, SessionRecord.ACTED_ON))
            if expiry_minutes is not None:
                session.expiry_minutes = expiry_minutes
                self._records.sessions[voice_connector_id].rescheduled(session)
            session.updated = now
            self._changed(session)
            return session.to_shape()

    def delete_proxy_session(self, voice_connector_id: str, proxy_session_id: str) -> None:
        with self.lock:
            session = self._session(voice_connector_id, proxy_session_id)
            group = self._records.sessions[voice_connector_id]
            group.remove(proxy_session_id)
            if not group:
                del self._records.sessions[voice_connector_id]
            self._changed(session)

    # -------------------------------------------------------------- admin only
    def set_session_status(self, voice_connector_id: str, proxy_session_id: str, status: str) -> Shape:
        """Simulate a call/SMS (``InProgress``) or an early end (``Closed``)."""
        with self.lock:
            session = self._session(voice_connector_id, proxy_session_id)
            now = self.clock.now()
            self._expire(session, now)
            if status not in (STATUS_IN_PROGRESS, STATUS_CLOSED):
                raise BadRequestException(f"Status: must be InProgress or Closed, got {status!r}")
            if session.is_closed:
                raise BadRequestException(f"Proxy session {proxy_session_id} is already Closed")
            session.status = status
            session.updated = now
            if status == STATUS_CLOSED:
                session.ended = now
                self._records.sessions[voice_connector_id].released(session)
            self._changed(session)
            return session.to_shape()

    def set_participant(self, voice_connector_id: str, proxy_session_id: str, index: int,
                        change: Mapping[str, str | None]) -> Shape:
        """Change a participant out of band (drift), as someone with console access would:
        ``change`` holds the Participant shape's members to set (``PhoneNumber``,
        ``ProxyPhoneNumber``; None leaves one as it is)."""
        phone_number, proxy_phone_number = change.get("PhoneNumber"), change.get("ProxyPhoneNumber")
        with self.lock:
            session = self._session(voice_connector_id, proxy_session_id)
            if not 0 <= index < len(session.participants):
                raise NotFoundException(f"Proxy session {proxy_session_id} has no participant {index}")
            participant = session.participants[index]
            before = [(p.phone_number, p.proxy_phone_number) for p in session.participants]
            if phone_number is not None:
                participant.phone_number = phone_number
            if proxy_phone_number is not None:
                participant.proxy_phone_number = proxy_phone_number
            session.updated = self.clock.now()
            self._records.sessions[voice_connector_id].repaired(session, before)
            self._changed(session)
            return session.to_shape()

    def state(self) -> dict[str, Any]:
        """Every record, shaped as the API returns it (timestamps still ``datetime``)."""
        with self.lock:
            if self._expire_all():
                self._changed()
            rec = self._records
            return {
                "Clock": self.clock.now(),
                "VoiceConnectors": [
                    vc.to_shape() for vc in sorted(rec.voice_connectors.values(), key=lambda v: v.seq)
                ],
                "ProxyConfigs": {k: v.to_shape() for k, v in rec.proxy_configs.items()},
                "ProxySessions": [
                    s.to_shape()
                    for s in sorted(
                        (s for group in rec.sessions.values() for s in group.values()),
                        key=lambda s: s.seq,
                    )
                ],
            }

    # ----------------------------------------------------------------- helpers
    def _changed(self, session: SessionRecord | None = None) -> None:
        if session is not None:
            self._touch(session)
        if self.on_change is not None:
            self.on_change()

    def _touch(self, session: SessionRecord) -> None:
        """Note ``session`` for the state file, when one tracks changes (else the set
        would only grow: nothing drains it)."""
        if self.on_change is not None:
            self._touched.add((session.voice_connector_id, session.proxy_session_id))

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _unique_id(self, taken: Container[str]) -> str:
        while True:
            candidate = ids.random_id()
            if candidate not in taken:
                return candidate

    def _vc(self, voice_connector_id: str) -> VoiceConnector:
        vc = self._records.voice_connectors.get(voice_connector_id)
        if vc is None:
            raise NotFoundException(f"Voice connector {voice_connector_id} not found")
        return vc

    def _proxy_config(self, voice_connector_id: str) -> ProxyConfig:
        self._vc(voice_connector_id)
        config = self._records.proxy_configs.get(voice_connector_id)
        if config is None:
            raise NotFoundException(f"Voice connector {voice_connector_id} has no proxy configuration")
        return config

    def _session(self, voice_connector_id: str, proxy_session_id: str) -> SessionRecord:
        self._vc(voice_connector_id)
        group = self._records.sessions.get(voice_connector_id)
        session = group.get(proxy_session_id) if group is not None else None
        if session is None:
            raise NotFoundException(
                f"Proxy session {proxy_session_id} not found on voice connector {voice_connector_id}"
            )
        return session

    def _expire(self, session: SessionRecord, now: dt.datetime) -> bool:
        """Close ``session`` if its expiry has passed; True if that changed it."""
        expires = session.expires_at
        if session.is_closed or expires is None or now < expires:
            return False
        session.status = STATUS_CLOSED
        session.ended = expires
        session.updated = expires
        group = self._records.sessions.get(session.voice_connector_id)
        if group is not None:
            group.released(session)
        self._touch(session)
        return True

    def _expire_group(self, voice_connector_id: str) -> bool:
        """Close the connector's sessions that are due (the deadline index: no scan)."""
        now = self.clock.now()
        group = self._records.sessions.get(voice_connector_id)
        if group is None:
            return False
        return any([self._expire(s, now) for s in list(group.due(now))])

    def _expire_all(self) -> bool:
        return any([self._expire_group(vc) for vc in list(self._records.sessions)])

    def _pick_proxy_number(
        self,
        voice_connector_id: str,
        group: SessionTable,
        numbers: list[str],
        targets: list[Target],
        behavior: str | None,
    ) -> str:
        """The one proxy number both participants share, as in AWS's documented example.

        A (participant, proxy number) pair may belong to one live session only, since
        the proxy number is how a participant's call finds its session. ``targets`` are
        the pool's (country, area code) in order of preference: geo matching is a
        preference, so a target with no free number gives way to the next.
        ``PreferSticky`` (the default) reuses the number the pair had before, if it
        still fits the first target; ``AvoidSticky`` never does.
        """
        history = self._records.sticky.get(_sticky_key(voice_connector_id, numbers), {})
        previous = history.get(numbers[0])
        avoid = set(history.values()) if behavior == "AvoidSticky" else set()

        def usable(candidate: str) -> bool:
            return (
                candidate not in numbers
                and candidate not in avoid
                and not any(group.pair_in_use(phone, candidate) for phone in numbers)
            )

        country, area = targets[0]
        if (
            behavior != "AvoidSticky"
            and previous is not None
            and number_pool.matches(previous, country, area)
            and usable(previous)
        ):
            return previous
        for country, area in targets:
            pick = number_pool.first_available(country, area, usable)
            if pick is not None:
                return pick
        raise BadRequestException(
            "No proxy phone number available in the pool's countries "
            f"{[country for country, area in targets if area is None]}"
        )


def geo_targets(config: ProxyConfig, level: str | None, params: dict[str, str] | None) -> list[Target]:
    """The pool's parts that proxy numbers are drawn from, most preferred first.

    GeoMatchLevel is "the preference for matching the country or area code" (the
    model's words): the preferred area code, then its country, then every country of
    the configuration, so a pool without the preferred numbers still serves.
    """
    pool: list[Target] = [(country, None) for country in config.phone_number_countries]
    if level is None and not params:
        return pool
    if not params:
        raise BadRequestException(f"GeoMatchParams: required when GeoMatchLevel is {level}")
    country = params.get("Country") or ""
    if country not in config.phone_number_countries:
        return pool
    preferred: list[Target] = [(country, None)]
    if level == "AreaCode":
        area = params.get("AreaCode") or ""
        if not area:
            raise BadRequestException("GeoMatchParams.AreaCode: required when GeoMatchLevel is AreaCode")
        preferred.insert(0, (country, area))
    return preferred + [target for target in pool if target not in preferred]


def _normalize(number: str) -> str:
    return number.lstrip("+")


def _sticky_key(voice_connector_id: str, numbers: list[str]) -> StickyKey:
    return voice_connector_id, frozenset(_normalize(n) for n in numbers)


def _token_seq(next_token: str | None) -> int:
    """The sequence number a pagination token carries (0: from the start)."""
    if not next_token:
        return 0
    try:
        return int(base64.urlsafe_b64decode(next_token.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise BadRequestException("NextToken: invalid pagination token") from exc


def _seq_token(seq: int) -> str:
    return base64.urlsafe_b64encode(str(seq).encode()).decode()


def _paginate(
    items: list[Any], key: Callable[[Any], int], max_results: int | None, next_token: str | None
) -> tuple[list[Any], str | None]:
    """Keyset pagination: the token is the (opaque) sequence number of the last item."""
    after = _token_seq(next_token)
    remaining = [item for item in items if key(item) > after]
    size = max_results or DEFAULT_PAGE_SIZE
    page = remaining[:size]
    if len(remaining) > size:
        return page, _seq_token(key(page[-1]))
    return page, None
