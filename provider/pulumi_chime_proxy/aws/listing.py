"""Every proxy session on a voice connector, across all pages.

botocore's model has no paginator for ListProxySessions, so this follows ``NextToken``.
"""

from __future__ import annotations

from typing import Any


class PaginationError(RuntimeError):
    """The service handed back a page token it had already given (it would loop forever)."""


def list_proxy_sessions(client: Any, voice_connector_id: str) -> list[dict[str, Any]]:
    """All session summaries ListProxySessions returns for ``voice_connector_id``."""
    sessions: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"VoiceConnectorId": voice_connector_id}
    seen: set[str] = set()
    while True:
        page = client.list_proxy_sessions(**kwargs)
        sessions.extend(page.get("ProxySessions") or [])
        token = page.get("NextToken")
        if not token:
            return sessions
        if token in seen:
            raise PaginationError("ListProxySessions returned the same NextToken twice")
        seen.add(token)
        kwargs["NextToken"] = token
