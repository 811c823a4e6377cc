"""A copy of the installed chime-sdk-voice model without the end-of-support trait,
served to botocore through ``AWS_DATA_PATH`` (its documented search path)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pulumi_chime_proxy.aws import clients
from pulumi_chime_proxy.servicemodel import spec


def forget_loaded_model() -> None:
    spec.service_data.cache_clear()
    spec.service_model.cache_clear()
    clients.clear()


@contextmanager
def model_without_deprecation(root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """While open, botocore loads a model whose operations carry no ``deprecated`` or
    ``deprecatedMessage``; the installed one is loaded again afterwards."""
    data = copy.deepcopy(spec.service_data())
    for operation in data["operations"].values():
        operation.pop("deprecated", None)
        operation.pop("deprecatedMessage", None)
    target = root / spec.SERVICE_NAME / data["metadata"]["apiVersion"] / "service-2.json"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(data))
    with monkeypatch.context() as patch:
        patch.setenv("AWS_DATA_PATH", str(root))
        forget_loaded_model()
        try:
            yield root
        finally:
            patch.undo()
            forget_loaded_model()
