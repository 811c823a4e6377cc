"""Rehearsing AWS's end of support: while a mode is on, every operation the loaded model
marks ``deprecated`` answers as a retired API, quoting the model's ``deprecatedMessage``.

AWS does not document how a retired operation answers, so the two plausible refusals are
modes: ``bad-request`` (400 BadRequestException) and ``forbidden`` (403
ForbiddenException). Operations the model does not mark (voice connectors) keep working.
"""

from __future__ import annotations

import threading

from botocore.model import OperationModel

from ..servicemodel import end_of_support
from .errors import BadRequestException, ForbiddenException, ServiceError

#: Mode name -> the error a retired operation answers with.
MODES: dict[str, type[ServiceError]] = {
    "bad-request": BadRequestException,
    "forbidden": ForbiddenException,
}
OFF = "off"
#: What a switch accepts: a mode, or ``off``.
CHOICES = (*MODES, OFF)


def check_mode(mode: object) -> str | None:
    """``mode`` as stored (None for ``off``); BadRequestException for anything else."""
    if not isinstance(mode, str) or mode not in CHOICES:
        raise BadRequestException(f"Mode: required, one of {', '.join(CHOICES)}")
    return None if mode == OFF else mode


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
        message = None if mode is None else end_of_support.deprecation(operation.name)
        return None if mode is None or message is None else MODES[mode](message)
