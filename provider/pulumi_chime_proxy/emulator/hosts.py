"""Who may talk to the emulator from a browser: ``Host`` and ``Origin`` checks.

A web page can reach a loopback port two ways: a cross-site request (it carries
an ``Origin`` header naming the page) and DNS rebinding (the attacker's host name
re-resolves to 127.0.0.1, so the ``Host`` header names the attacker). Neither
boto3 nor the AWS CLI sends ``Origin``, and they send the ``Host`` of the
endpoint URL. So a request is refused when its ``Host`` is a name other than
``localhost`` or an allowed one (IP literals are fine: rebinding needs a name),
or when it carries an ``Origin`` that is not the emulator's own.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .errors import ForbiddenException, ServiceError
from .http_types import HttpRequest

LOCAL_NAMES = frozenset({"localhost"})


@dataclass(frozen=True)
class HostPolicy:
    """Host names accepted besides ``localhost`` and IP literals (``--allow-host``)."""

    allowed: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, names: Iterable[str] = ()) -> HostPolicy:
        return cls(frozenset(name.strip().lower().rstrip(".") for name in names if name.strip()))

    def accepts(self, name: str | None) -> bool:
        """Whether a host name (no port) may address this emulator."""
        if not name:
            return False
        name = name.lower().rstrip(".")
        return name in LOCAL_NAMES or name in self.allowed or _is_ip_literal(name)

    def refusal(self, request: HttpRequest) -> ServiceError | None:
        """A 403 for a request a browser could have been tricked into sending, else None."""
        host = request.headers.get("host")
        if host is not None and not self.accepts(_hostname(host)):
            return ForbiddenException(
                "Host header names a host this emulator does not serve "
                "(allow it with --allow-host if you reach the emulator by that name)"
            )
        origin = request.headers.get("origin")
        if origin is not None:
            parts = urlsplit(origin.strip())
            same = host is not None and parts.netloc.lower() == host.strip().lower()
            if not (parts.scheme in ("http", "https") and same and self.accepts(parts.hostname)):
                return ForbiddenException("Cross-origin requests are refused")
        return None


def _hostname(host: str) -> str | None:
    try:
        return urlsplit("//" + host.strip()).hostname
    except ValueError:
        return None


def _is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def is_loopback(bind_host: str) -> bool:
    """Whether binding ``bind_host`` keeps the emulator reachable from this machine only."""
    if bind_host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(bind_host).is_loopback
    except ValueError:
        return False


def exposure_warning(bind_host: str, strict_auth: bool) -> str | None:
    """The warning to print when ``bind_host`` is reachable from other machines."""
    if is_loopback(bind_host):
        return None
    credential = (
        "requests must be signed with an allowed access key (--strict-auth)"
        if strict_auth
        else "no credential is checked: add --strict-auth and --access-key"
    )
    return (
        f"chime-proxy emulator: WARNING: listening on {bind_host} exposes the Chime SDK Voice API "
        "and the admin surface /_emulator/ (a state dump with every phone number and session name, "
        f"reset, fault injection, the clock) to every host that can reach it; {credential}"
    )
