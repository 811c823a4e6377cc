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

    def _parts(self) -> tuple[str, str]:
        """(path, query) of the target. An origin-form target ("/path?query", what every
        SDK sends) is split as it is: ``urlsplit`` would read "//x" as a host (and raise
        on "//[")."""
        if self.target.startswith("/"):
            path, _, query = self.target.split("#", 1)[0].partition("?")
            return path, query
        try:
            parts = urlsplit(self.target)
        except ValueError:  # "http://[": no route matches it, so a 404 follows
            return self.target, ""
        return parts.path, parts.query

    @property
    def path(self) -> str:
        return self._parts()[0]

    @property
    def raw_query(self) -> str:
        return self._parts()[1]

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
