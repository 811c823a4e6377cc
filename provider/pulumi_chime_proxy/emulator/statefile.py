"""Load and save the emulator's state as JSON.

Two formats load:

* the **plain AWS list**: ``[{"ProxySession": {...}}, ...]``, GetProxySession
  bodies exactly as AWS returns them (``null`` fields, ISO-8601 timestamps).
  Voice connectors they name are created implicitly, each with a default proxy
  configuration (60 minutes, ``US``). A session whose expiry already passed at
  load time but is not ``Closed`` starts its countdown at load time instead, so
  GetProxySession returns it unchanged until the clock moves on.
* the **emulator's own format**, which :class:`StateFile` writes: an object with
  ``Format``, ``ClockOffsetSeconds``, ``VoiceConnectors``, ``ProxyConfigs``,
  ``ProxySessions`` (the same ``{"ProxySession": ...}`` entries plus
  ``ExpiryBase``) and ``Sticky``.

Every value is checked against the model as a request would be (a 32-bit
``ExpiryMinutes``, timestamps before :data:`~.timestamps.LATEST`), so a file
cannot smuggle in what the API refuses. A damaged file is a
:class:`StateFileError` with a one-line message; an empty one (nothing, blanks or
``{}``) is moved aside to ``FILE.bak`` and the emulator starts empty.

Durability: changes are coalesced and written by a background thread at most
``save_delay`` seconds after the change (plus the time one save takes), and
flushed on :meth:`StateFile.close` (SIGINT/SIGTERM of ``serve``) and on
``POST /_emulator/save``. A save writes a temporary file, ``fsync``s it,
``os.replace``s it over the old file and ``fsync``s the directory: a crash leaves
the old or the new file, never a torn one, and loses at most the changes of the
last ``save_delay``. With ``save_delay=0`` every change is saved before it is
answered. A failed save is logged and retried; it never fails a request.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from ..servicemodel import constraints
from .errors import ServiceError
from .models import STATUS_CLOSED, ProxyConfig, SessionRecord, VoiceConnector
from .parser import from_json
from .serializer import model_shape, to_json
from .session_table import SessionTable
from .store import Records, SessionKey, StickyKey, Store
from .timestamps import format_iso8601, parse_timestamp

log = logging.getLogger(__name__)

FORMAT = "chime-proxy-emulator-state/1"
DEFAULT_PROXY = {
    "DefaultSessionExpiryMinutes": 60,
    "PhoneNumberCountries": ["US"],
    "Disabled": False,
}
#: Seconds between a change and its save (bounded delay of the coalescing writer).
DEFAULT_SAVE_DELAY = 0.2


class StateFileError(ValueError):
    """The state file exists but cannot be used; the message is one line."""


class EmptyStateFile(StateFileError):
    """The state file holds nothing (no bytes, only blanks, or ``{}``)."""


def load(path: str | os.PathLike[str], now: dt.datetime) -> Records:
    """Read a state file in either format; empty records if it does not exist.

    Raises :class:`EmptyStateFile` for an empty file and :class:`StateFileError`
    for any other file that cannot be used (unreadable, not UTF-8, not JSON,
    values the model refuses).
    """
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return Records()
    except OSError as exc:
        raise StateFileError(f"{file}: cannot read it: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StateFileError(f"{file}: not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise EmptyStateFile(f"{file} is empty")
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except RecursionError as exc:
        raise StateFileError(f"{file}: not a state file (nested too deeply)") from exc
    except ValueError as exc:
        where = (
            f"{exc.msg} at line {exc.lineno} column {exc.colno}"
            if isinstance(exc, json.JSONDecodeError)
            else exc
        )
        raise StateFileError(f"{file}: not valid JSON (truncated or damaged?): {where}") from exc
    if document == {}:
        raise EmptyStateFile(f"{file} holds an empty object")
    try:
        return parse_document(document, now)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, ServiceError) as exc:
        reason = exc.message if isinstance(exc, ServiceError) else (str(exc) or type(exc).__name__)
        raise StateFileError(f"{file}: unexpected content: {_one_line(reason)}") from exc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:197] + "..."


def parse_document(document: Any, now: dt.datetime) -> Records:
    """Records from a decoded state document (plain AWS list or own format)."""
    if isinstance(document, list):
        return _from_sessions(document, now)
    if isinstance(document, dict) and "ProxySession" in document:
        return _from_sessions([document], now)
    if not isinstance(document, dict):
        raise ValueError("expected a list of GetProxySession bodies or an emulator state object")
    records = Records()
    for seq, raw in enumerate(document.get("VoiceConnectors") or [], start=1):
        values = _checked(model_shape("VoiceConnector"), raw, f"VoiceConnectors[{seq - 1}]")
        vc = VoiceConnector.from_shape(values, seq)
        vc.tags = list(raw.get("Tags") or [])
        records.voice_connectors[vc.voice_connector_id] = vc
    for vc_id, raw in (document.get("ProxyConfigs") or {}).items():
        records.proxy_configs[vc_id] = ProxyConfig.from_shape(
            _checked(model_shape("Proxy"), raw, f"ProxyConfigs.{vc_id}")
        )
    for entry in document.get("Sticky") or []:
        key: StickyKey = (entry["VoiceConnectorId"], frozenset(entry["Pair"]))
        records.sticky[key] = dict(entry["ProxyPhoneNumbers"])
    offset = document.get("ClockOffsetSeconds") or 0.0
    if isinstance(offset, bool) or not isinstance(offset, (int, float)) or not 0 <= offset < 1e15:
        raise ValueError("ClockOffsetSeconds: not a number of seconds the clock can hold")
    records.clock_offset_seconds = float(offset)
    return _from_sessions(document.get("ProxySessions") or [], now, records)


def _from_sessions(entries: list[Any], now: dt.datetime, records: Records | None = None) -> Records:
    """Add sessions to ``records``, creating the voice connectors they name if absent."""
    records = Records() if records is None else records
    shape = model_shape("ProxySession")
    vc_seq = len(records.voice_connectors)
    for seq, entry in enumerate(entries, start=1):
        raw = entry.get("ProxySession", entry) if isinstance(entry, dict) else None
        if not isinstance(raw, dict):
            raise ValueError(f"entry {seq - 1} is not a ProxySession object")
        session = SessionRecord.from_shape(_checked(shape, raw, f"ProxySessions[{seq - 1}]"), seq)
        if "ExpiryBase" in entry:
            session.expiry_base = parse_timestamp(entry["ExpiryBase"])
        else:
            session.expiry_base = session.created
            expires = session.expires_at
            if session.status != STATUS_CLOSED and expires is not None and expires <= now:
                session.expiry_base = now
        vc_id = session.voice_connector_id
        if vc_id not in records.voice_connectors:
            vc_seq += 1
            records.voice_connectors[vc_id] = _implicit_voice_connector(vc_id, session, vc_seq)
            records.proxy_configs[vc_id] = ProxyConfig.from_shape(DEFAULT_PROXY)
        group = records.sessions.get(vc_id)
        if group is None:
            group = records.sessions[vc_id] = SessionTable()
        group.add(session)
    return records


def _checked(shape: Any, raw: Any, path: str) -> Any:
    """``raw`` converted for ``shape``, or ValueError naming the first rule it breaks."""
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: not an object")
    values = from_json(shape, raw, path)
    problems = constraints.check(shape, values, path)
    if problems:
        raise ValueError(problems[0])
    return values


def _implicit_voice_connector(vc_id: str, session: SessionRecord, seq: int) -> VoiceConnector:
    from . import ids

    return VoiceConnector(
        voice_connector_id=vc_id,
        name=vc_id,
        require_encryption=True,
        created=session.created,
        updated=session.created,
        arn=ids.voice_connector_arn("us-east-1", vc_id),
        outbound_host_name=ids.outbound_host_name(vc_id),
        seq=seq,
    )


def session_entry(session: SessionRecord) -> str:
    """One ``ProxySessions`` entry of the saved document, as compact JSON."""
    entry: dict[str, Any] = {
        "ProxySession": to_json(model_shape("ProxySession"), session.to_shape())
    }
    if session.expiry_base:
        entry["ExpiryBase"] = format_iso8601(session.expiry_base)
    return json.dumps(entry, separators=(",", ":"))


def head_document(records: Records) -> dict[str, Any]:
    """Everything but the sessions, as plain JSON values (a copy: encode it later)."""
    vc_shape = model_shape("VoiceConnector")
    proxy_shape = model_shape("Proxy")
    return {
        "Format": FORMAT,
        "ClockOffsetSeconds": records.clock_offset_seconds,
        "VoiceConnectors": [
            {**to_json(vc_shape, vc.to_shape()), **({"Tags": vc.tags} if vc.tags else {})}
            for vc in sorted(records.voice_connectors.values(), key=lambda v: v.seq)
        ],
        "ProxyConfigs": {k: to_json(proxy_shape, v.to_shape()) for k, v in records.proxy_configs.items()},
        "Sticky": [
            {"VoiceConnectorId": vc_id, "Pair": sorted(pair), "ProxyPhoneNumbers": dict(numbers)}
            for (vc_id, pair), numbers in records.sticky.items()
        ],
    }


def render(head: dict[str, Any], session_entries: list[str]) -> str:
    """The whole document from :func:`head_document` and encoded session entries."""
    opening = json.dumps(head, separators=(",", ":"))[:-1]
    return opening + ',"ProxySessions":[\n' + ",\n".join(session_entries) + "\n]}\n"


def write_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Temporary file, ``fsync``, ``os.replace``, ``fsync`` of the directory."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def move_aside(path: Path) -> Path:
    """Rename ``path`` to ``path.bak`` (or ``.bak.1``, ...: never over an existing file)."""
    candidate = path.with_name(path.name + ".bak")
    number = 0
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.bak.{number}")
    os.replace(path, candidate)
    return candidate


class StateFile:
    """Binds a store to a file: load once, then save changes (coalesced) until closed."""

    def __init__(
        self, path: str | os.PathLike[str], store: Store, save_delay: float = DEFAULT_SAVE_DELAY
    ) -> None:
        self.path = Path(path)
        self.store = store
        self.save_delay = max(0.0, float(save_delay))
        self.saves = 0
        self.failures = 0
        #: Why the last save failed (one line), or None once a save succeeds: while it is
        #: set, acknowledged changes are only in memory.
        self.error: str | None = None
        self._entries: dict[SessionKey, str] = {}
        self._generation = 0
        self._written = 0
        self._save_lock = threading.Lock()
        self._wake = threading.Condition()
        self._dirty = False
        self._closing = False
        self._thread: threading.Thread | None = None

    def load(self) -> str | None:
        """Load the file; a notice (one line) when an empty file was moved aside."""
        try:
            records = load(self.path, self.store.clock.now())
        except EmptyStateFile as exc:
            moved = move_aside(self.path)
            self.store.restore(Records())
            return f"{exc}; moved it to {moved} and started with no state"
        try:
            self.store.restore(records)
        except ValueError as exc:  # the clock offset
            raise StateFileError(f"{self.path}: unexpected content: ClockOffsetSeconds: {exc}") from exc
        return None

    def attach(self) -> str | None:
        """Load the file, then save on every store change; returns :meth:`load`'s notice."""
        notice = self.load()
        self.store.on_change = self._changed
        self.store.mark_everything_changed()  # changes before now were not tracked
        if self.save_delay > 0:
            self._thread = threading.Thread(target=self._run, name="chime-proxy-state-file", daemon=True)
            self._thread.start()
        return notice

    def save(self) -> bool:
        """Write the current state now; False (logged, retried later) if that failed.

        The snapshot is taken under the store's lock; the file is written under
        this object's own lock, never while waiting for the store's (so a save
        called by a request that holds the store lock cannot deadlock), and an
        older snapshot never overwrites a newer one.
        """
        try:
            with self.store.lock:
                with self._wake:
                    self._dirty = False
                generation, head, entries = self._snapshot()
            with self._save_lock:
                if generation > self._written:
                    write_atomically(self.path, render(head, entries))
                    self._written = generation
        except Exception as exc:
            self.failures += 1
            self.error = " ".join(f"{type(exc).__name__}: {exc}".split())
            log.exception("could not save the emulator state to %s; will retry", self.path)
            with self._wake:
                self._dirty = True
            return False
        self.saves += 1
        self.error = None
        return True

    def status(self) -> dict[str, Any]:
        """What the admin surface reports: whether the file holds every acknowledged change."""
        with self._wake:
            dirty = self._dirty
        return {"Path": str(self.path), "Saved": self.error is None and not dirty,
                "Saves": self.saves, "Failures": self.failures, "Error": self.error}

    def _snapshot(self) -> tuple[int, dict[str, Any], list[str]]:
        """(generation, head, session entries) of the state now; call under the store's lock."""
        everything, touched = self.store.take_changes()
        try:
            self._refresh(everything, touched)
        except BaseException:
            self._entries.clear()
            self.store.mark_everything_changed()  # rebuilt in full next time
            raise
        self._generation += 1
        return self._generation, head_document(self.store.records()), list(self._entries.values())

    def flush(self) -> bool:
        """Save now: on return the file holds every change made before the call.

        Always a save, even when the writer thread is busy with one: its snapshot
        may predate changes this call must cover.
        """
        return self.save()

    def close(self) -> bool:
        """Stop the writer and save what is left; False when acknowledged changes could
        not be saved (the caller must not report success)."""
        with self._wake:
            self._closing = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=60)
        self.store.on_change = None
        with self._wake:
            dirty = self._dirty
        if dirty:
            return self.save()
        return self.error is None

    def _changed(self) -> None:
        """Called by the store under its lock: never raises."""
        with self._wake:
            self._dirty = True
            self._wake.notify_all()
        if self.save_delay == 0:
            self.save()

    def _refresh(self, everything: bool, touched: set[SessionKey]) -> None:
        if everything:
            self._entries = {
                (s.voice_connector_id, s.proxy_session_id): session_entry(s)
                for s in self.store.all_sessions()
            }
            return
        present = []
        for key in touched:
            session = self.store.find_session(key)
            if session is None:
                self._entries.pop(key, None)
            else:
                present.append(session)
        for session in sorted(present, key=lambda s: s.seq):  # new ones go last, in creation order
            self._entries[(session.voice_connector_id, session.proxy_session_id)] = session_entry(session)

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._dirty and not self._closing:
                    self._wake.wait()
                if self._closing:
                    return
            started = time.monotonic()
            with self._wake:  # the bounded delay: gather the changes that follow
                self._wake.wait_for(lambda: self._closing, timeout=self.save_delay)
            if self._closing:
                return
            self.save()
            spent = time.monotonic() - started - self.save_delay
            if spent > self.save_delay:  # saves are slow (large state): keep them under half the time
                with self._wake:
                    self._wake.wait_for(lambda: self._closing, timeout=spent)
