"""Python client of the emulator's admin surface (``urllib``; botocore's signer).

Every request is SigV4-signed (the emulator checks it under ``--strict-auth`` and
ignores it otherwise) and every ``POST`` carries a JSON body and content type, as
the admin surface requires.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:  # the client needs only the standard library at run time
    from typing_extensions import Unpack

    from .faults import FaultEffects


def _pascal(name: str) -> str:
    """``latency_ms`` -> ``LatencyMs``: how the admin API spells a member."""
    return "".join(part.capitalize() for part in name.split("_"))


class AdminError(RuntimeError):
    """The admin surface refused a request; ``code`` is its error code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


DEFAULT_ACCESS_KEY = "testing"
DEFAULT_SECRET_KEY = "testing"
SIGNING_REGION = "us-east-1"
DEFAULT_TIMEOUT = 30.0
SIGNING_SERVICE = "chime"


class AdminClient:
    """Drive ``/_emulator/`` of the emulator at ``endpoint_url``, signing as ``access_key``."""

    def __init__(
        self,
        endpoint_url: str,
        timeout: float = DEFAULT_TIMEOUT,
        access_key: str = DEFAULT_ACCESS_KEY,
        secret_key: str = DEFAULT_SECRET_KEY,
    ) -> None:
        self.endpoint_url = endpoint_url.rstrip("/")
        self.timeout = timeout
        self.access_key = access_key
        self.secret_key = secret_key

    def state(self) -> dict[str, Any]:
        """Clock, voice connectors, proxy configurations and sessions as the API shows them."""
        state: dict[str, Any] = self._call("GET", "state")
        return state

    def reset(self) -> None:
        """Clear all state, faults, call counters and the clock offset."""
        self._call("POST", "reset")

    def advance_clock(self, seconds: float) -> str:
        """Move the emulated clock forward; returns the new time (ISO-8601)."""
        return str(self._call("POST", "clock/advance", {"Seconds": seconds})["Clock"])

    def set_status(self, voice_connector_id: str, proxy_session_id: str, status: str) -> dict[str, Any]:
        """``InProgress`` simulates a call or SMS; ``Closed`` ends the session now."""
        path = f"{_session_path(voice_connector_id, proxy_session_id)}/status"
        return dict(self._call("POST", path, {"Status": status})["ProxySession"])

    def set_participant(
        self,
        voice_connector_id: str,
        proxy_session_id: str,
        index: int,
        phone_number: str | None = None,
        proxy_phone_number: str | None = None,
    ) -> dict[str, Any]:
        """Change participant ``index`` out of band (drift)."""
        body = {
            k: v
            for k, v in (("PhoneNumber", phone_number), ("ProxyPhoneNumber", proxy_phone_number))
            if v is not None
        }
        path = f"{_session_path(voice_connector_id, proxy_session_id)}/participants/{int(index)}"
        return dict(self._call("POST", path, body)["ProxySession"])

    def inject_fault(self, operation: str, **effects: Unpack[FaultEffects]) -> str:
        """Register a fault for ``operation`` (or ``"*"``); returns its id."""
        body: dict[str, Any] = {"Operation": operation}
        body.update({_pascal(name): value for name, value in effects.items()
                     if value is not None and value is not False})
        return str(self._call("POST", "faults", body)["FaultId"])

    def state_file(self) -> dict[str, Any]:
        """Whether the state file holds every acknowledged change, and why not."""
        return dict(self._call("GET", "state-file"))

    def save(self) -> None:
        """Return once the emulator's state file holds every change made so far."""
        self._call("POST", "save")

    def faults(self) -> list[dict[str, Any]]:
        """The registered faults (what is left of their counts)."""
        return list(self._call("GET", "faults")["Faults"])

    def clear_faults(self) -> None:
        self._call("DELETE", "faults")

    def calls(self) -> dict[str, Any]:
        """AWS API requests received: ``Total``, ``ByOperation`` and the concurrency figures
        ``InFlight``, ``PeakInFlight``, ``BusySeconds``, ``ActiveSeconds`` (emulator/calls.py)."""
        calls: dict[str, Any] = self._call("GET", "calls")
        return calls

    def reset_calls(self) -> None:
        self._call("DELETE", "calls")

    def end_of_support(self, mode: str | None = None) -> str:
        """Switch the end-of-support mode (``bad-request``, ``forbidden``, ``off``) when
        ``mode`` is given; return the mode now in force."""
        if mode is None:
            return str(self._call("GET", "end-of-support")["Mode"])
        return str(self._call("POST", "end-of-support", {"Mode": mode})["Mode"])

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        if body is None and method == "POST":
            body = {}
        data = json.dumps(body).encode() if body is not None else None
        url = f"{self.endpoint_url}/_emulator/{path}"
        headers = {"Content-Type": "application/json"} if data is not None else {}
        headers.update(self._signature(method, url, headers, data))
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                document = json.loads(raw)
                code, message = document.get("Code", "Error"), document.get("Message", "")
            except ValueError:
                code, message = "Error", raw.decode(errors="replace")
            raise AdminError(exc.code, code, message) from None
        return json.loads(raw) if raw else {}

    def _signature(
        self, method: str, url: str, headers: dict[str, str], data: bytes | None
    ) -> dict[str, str]:
        """The SigV4 headers (``Authorization``, ``X-Amz-Date``) for this request."""
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        request = AWSRequest(method=method, url=url, headers=dict(headers), data=data or b"")
        signer = SigV4Auth(
            Credentials(self.access_key, self.secret_key), SIGNING_SERVICE, SIGNING_REGION
        )
        signer.add_auth(request)
        return {name: str(request.headers[name]) for name in ("Authorization", "X-Amz-Date")}


def _session_path(voice_connector_id: str, proxy_session_id: str) -> str:
    return (
        f"voice-connectors/{quote(voice_connector_id, safe='')}"
        f"/proxy-sessions/{quote(proxy_session_id, safe='')}"
    )
