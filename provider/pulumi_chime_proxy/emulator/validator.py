"""Server-side validation: the model's constraints, enforced as AWS does.

botocore's client validator checks only ``required``, ``min`` and types, so the
server must enforce ``max``, ``enum`` and ``pattern`` itself. Every problem is
reported as ``<path>: <what> (<rule>)`` in one ``BadRequestException``.
"""

from __future__ import annotations

from typing import Any

from botocore.model import Shape

from ..servicemodel.constraints import check, compile_pattern
from .errors import BadRequestException

__all__ = ["check", "compile_pattern", "validate"]


def validate(shape: Shape | None, params: dict[str, Any]) -> None:
    """Raise BadRequestException listing every constraint ``params`` breaks."""
    if shape is None:
        return
    problems = check(shape, params, "")
    if problems:
        raise BadRequestException("; ".join(problems))
