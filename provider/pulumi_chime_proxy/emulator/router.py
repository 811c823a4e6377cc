"""Map an HTTP method, path and query to a modeled operation.

The routing table is built from each operation's ``http.method`` and
``http.requestUri``; nothing is split by hand. ``{label}`` matches one path
segment, ``{label+}`` (greedy) matches the rest of the path, and static query
parts of the request URI (``?operation=put``) must be present in the request.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote

from botocore.model import OperationModel, ServiceModel

from ..servicemodel import spec

_LABEL = re.compile(r"\{([^}]+?)(\+?)\}")


@dataclass(frozen=True)
class Route:
    """One operation's URI template, compiled."""

    operation: OperationModel
    pattern: re.Pattern[str]
    static_query: tuple[tuple[str, str], ...]
    literal_chars: int
    greedy: bool

    @property
    def priority(self) -> tuple[int, int, int]:
        """Sort key: more static query parts, more literal text, non-greedy first."""
        return (-len(self.static_query), -self.literal_chars, int(self.greedy))


@dataclass(frozen=True)
class Match:
    """A routed request: the operation and its URL-decoded URI labels."""

    operation: OperationModel
    labels: dict[str, str]


def compile_route(operation: OperationModel) -> Route:
    """Compile ``operation``'s request URI into a :class:`Route`."""
    template = operation.http["requestUri"]
    path, _, query = template.partition("?")
    regex: list[str] = []
    literal = 0
    greedy = False
    pos = 0
    for label in _LABEL.finditer(path):
        text = path[pos : label.start()]
        regex.append(re.escape(text))
        literal += len(text)
        name = re.sub(r"\W", "_", label.group(1))
        if label.group(2):
            greedy = True
            regex.append(f"(?P<{name}>.+)")
        else:
            regex.append(f"(?P<{name}>[^/]+)")
        pos = label.end()
    regex.append(re.escape(path[pos:]))
    literal += len(path) - pos
    pattern = re.compile("^" + "".join(regex).rstrip("/") + "/?$")
    static_query = tuple(parse_qsl(query, keep_blank_values=True))
    return Route(operation, pattern, static_query, literal, greedy)


class Router:
    """Routing table over every operation of a service model."""

    def __init__(self, model: ServiceModel) -> None:
        routes: dict[str, list[tuple[Route, dict[str, str]]]] = {}
        for name in model.operation_names:
            op = model.operation_model(name)
            route = compile_route(op)
            group_names = _group_names(op.http["requestUri"])
            routes.setdefault(op.http["method"].upper(), []).append((route, group_names))
        for entries in routes.values():
            entries.sort(key=lambda entry: entry[0].priority)
        self._routes = routes

    def match(self, method: str, path: str, query: Mapping[str, Sequence[str]]) -> Match | None:
        """Return the operation for a raw (percent-encoded) path, or None."""
        for route, names in self._routes.get(method.upper(), ()):
            found = route.pattern.match(path)
            if found is None:
                continue
            if any(value not in query.get(key, ()) for key, value in route.static_query):
                continue
            labels = {names[group]: unquote(text) for group, text in found.groupdict().items()}
            return Match(route.operation, labels)
        return None


def _group_names(template: str) -> dict[str, str]:
    """Regex group name -> URI label name (labels may hold non-word characters)."""
    return {re.sub(r"\W", "_", m.group(1)): m.group(1) for m in _LABEL.finditer(template)}


@functools.cache
def default_router() -> Router:
    """The router for the chime-sdk-voice model (built once)."""
    return Router(spec.service_model())
