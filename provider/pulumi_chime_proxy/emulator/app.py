"""One emulator instance: store, faults, call counts, auth and optional state file,
with a single ``handle`` entry point for the HTTP server."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from .admin import PREFIX, AdminApi
from .auth import AuthConfig
from .calls import CallCounter
from .errors import ServiceError
from .faults import FaultInjector
from .gateway import Gateway
from .hosts import HostPolicy
from .http_types import HttpRequest, HttpResponse
from .retirement import Retirement
from .statefile import DEFAULT_SAVE_DELAY, StateFile
from .store import Store

#: On every API response while the state file cannot be written: changes are then
#: acknowledged in memory only (the admin surface's ``GET /_emulator/state-file`` too).
UNSAVED_HEADER = "x-chime-proxy-emulator-unsaved"


class Emulator:
    """Everything one running emulator holds; transport-neutral."""

    def __init__(
        self,
        state_file: str | os.PathLike[str] | None = None,
        strict_auth: bool = False,
        access_keys: Mapping[str, str] | None = None,
        allowed_hosts: Iterable[str] = (),
        save_delay: float = DEFAULT_SAVE_DELAY,
        end_of_support: str | None = None,
    ) -> None:
        """Raises ``statefile.StateFileError`` (one-line message) for a damaged state file.
        ``end_of_support``: a :data:`retirement.MODES` name, or None to serve every
        operation."""
        self.store = Store()
        self.faults = FaultInjector()
        self.calls = CallCounter()
        self.auth = AuthConfig(strict=strict_auth, access_keys=dict(access_keys or {}))
        self.hosts = HostPolicy.of(allowed_hosts)
        self.retirement = Retirement(end_of_support)
        self.gateway = Gateway(self.store, self.faults, self.calls, self.auth,
                               retirement=self.retirement)
        self.state_file = StateFile(state_file, self.store, save_delay) if state_file else None
        self.admin = AdminApi(
            self.store,
            self.faults,
            self.calls,
            auth_config=self.auth,
            save=self.state_file.flush if self.state_file else None,
            state_file_status=self.state_file.status if self.state_file else None,
            retirement=self.retirement,
        )
        #: One-line notices for the operator (an empty state file moved aside).
        self.notices: list[str] = []
        if self.state_file is not None:
            notice = self.state_file.attach()
            if notice:
                self.notices.append(notice)

    def close(self) -> bool:
        """Save what is not saved yet and stop the state file's writer; False when
        acknowledged changes are lost (the state file could not be written)."""
        return self.state_file.close() if self.state_file is not None else True

    def handle(self, request: HttpRequest, rejection: ServiceError | None = None) -> HttpResponse:
        """Route to the admin surface or the AWS API; refuse what a browser was tricked into."""
        rejection = rejection or self.hosts.refusal(request)
        if request.path.startswith(PREFIX):
            if rejection is not None:
                return self.admin.error(rejection)
            return self.admin.handle(request)
        response = self.gateway.handle(request, rejection)
        if self.state_file is not None and self.state_file.error is not None:
            response.headers[UNSAVED_HEADER] = self.state_file.error
        return response
