"""One emulator instance: backend, faults, call counts, auth and optional state file,
with a single ``handle`` entry point for the HTTP server."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from .admin import PREFIX, AdminApi
from .auth import AuthConfig
from .backend import Backend
from .calls import CallCounter
from .errors import ServiceError
from .faults import FaultInjector
from .gateway import Gateway
from .hosts import HostPolicy
from .http_types import HttpRequest, HttpResponse
from .statefile import StateFile


class Emulator:
    """Everything one running emulator holds; transport-neutral."""

    def __init__(
        self,
        state_file: str | os.PathLike[str] | None = None,
        strict_auth: bool = False,
        access_keys: Mapping[str, str] | None = None,
        allowed_hosts: Iterable[str] = (),
    ) -> None:
        self.backend = Backend()
        self.faults = FaultInjector()
        self.calls = CallCounter()
        self.auth = AuthConfig(strict=strict_auth, access_keys=dict(access_keys or {}))
        self.hosts = HostPolicy.of(allowed_hosts)
        self.gateway = Gateway(self.backend, self.faults, self.calls, self.auth)
        self.admin = AdminApi(self.backend, self.faults, self.calls, auth_config=self.auth)
        self.state_file = StateFile(state_file, self.backend) if state_file else None
        if self.state_file is not None:
            self.state_file.attach()

    def handle(self, request: HttpRequest, rejection: ServiceError | None = None) -> HttpResponse:
        """Route to the admin surface or the AWS API; refuse what a browser was tricked into."""
        rejection = rejection or self.hosts.refusal(request)
        if request.path.startswith(PREFIX):
            if rejection is not None:
                return self.admin.error(rejection)
            return self.admin.handle(request)
        return self.gateway.handle(request, rejection)
