"""Rehearsing AWS's end of support: while a mode is on, every operation the loaded model
marks ``deprecated`` answers as a retired API, quoting the model's ``deprecatedMessage``.

AWS does not document how a retired operation answers, so the two plausible refusals are
modes: ``bad-request`` (400 BadRequestException) and ``forbidden`` (403
ForbiddenException). Operations the model does not mark (voice connectors) keep working.
"""

from __future__ import annotations

import threading

from botocore.model import OperationModel

from ..servicemodel import spec
from .errors import BadRequestException, ForbiddenException, ServiceError

#: Mode name -> the error a retired operation answers with.
MODES: dict[str, type[ServiceError]] = {
    "bad-request": BadRequestException,
    "forbidden": ForbiddenException,
}
OFF = "off"


def check_mode(mode: str) -> str | None:
    """``mode`` as stored (None for ``off``); BadRequestException for anything else."""
    if mode == OFF:
        return None
    if mode not in MODES:
        raise BadRequestException(f"Mode: must be one of {', '.join([*MODES, OFF])}")
    return mode


class Retirement:
    """The current mode (thread-safe), and the refusal it gives an operation."""

    def __init__(self, mode: str | None = None) -> None:
        self.initial = mode
        self._mode = mode
        self._lock = threading.Lock()

    @property
    def mode(self) -> str | None:
        with self._lock:
            return self._mode

    def switch(self, mode: str | None) -> None:
        with self._lock:
            self._mode = mode

    def reset(self) -> None:
        """Back to the mode the emulator started with (``serve --end-of-support``)."""
        self.switch(self.initial)

    def refusal(self, operation: OperationModel) -> ServiceError | None:
        """The error ``operation`` answers with now, or None when it is served."""
        mode = self.mode
        if mode is None or not operation.deprecated:
            return None
        data = spec.service_data()["operations"].get(operation.name, {})
        message = str(data.get("deprecatedMessage") or f"{operation.name} is deprecated")
        return MODES[mode](message)
