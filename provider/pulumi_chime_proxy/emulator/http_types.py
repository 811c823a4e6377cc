"""Transport-neutral request and response values passed between the layers."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit


@dataclass
class HttpRequest:
    """An HTTP request as the server received it (path still percent-encoded)."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes = b""

    def __post_init__(self) -> None:
        # Header names are case-insensitive: keep one lower-cased view.
        self.headers = {k.lower(): v for k, v in self.headers.items()}

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def raw_query(self) -> str:
        return urlsplit(self.target).query

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(self.raw_query, keep_blank_values=True)


@dataclass
class HttpResponse:
    """A response to write back; ``drop`` asks the server to close without one."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
