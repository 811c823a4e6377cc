"""``python -m chime_proxy_dev generate``: write what is generated from the resource
specs (the package's ``schema.json``, the dynamic resources' typed classes, the docs'
reference tables), or with ``--check``
say which files are out of date and write nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pulumi_chime_proxy import package_schema

from . import reference, typed_surface

REPO = Path(__file__).resolve().parents[2]
SCHEMA_FILE = Path(package_schema.__file__).with_name("schema.json")
#: The documents that hold reference tables.
DOCUMENTS = (REPO / "README.md", REPO / "docs" / "voice-connector-proxy.md")


def expected() -> dict[Path, str]:
    """Each generated file's content, as the specs say it should be."""
    specs = {spec.kind: spec for spec in package_schema.SPECS}
    files = {SCHEMA_FILE: package_schema.render(), **typed_surface.files(SCHEMA_FILE.parent)}
    for document in DOCUMENTS:
        files[document] = reference.render(document.read_text(), specs)
    return files


def stale() -> list[Path]:
    return [path for path, text in expected().items()
            if not path.exists() or path.read_text() != text]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("generate", help="write schema.json, the dynamic resources' "
                                   "typed classes and the docs' reference tables from the resource specs")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a generated file differs from the specs; write nothing")
    parser.set_defaults(func=_generate)


def _generate(args: argparse.Namespace) -> int:
    out_of_date = stale()
    if args.check:
        for path in out_of_date:
            print(f"{path} is out of date: run python -m chime_proxy_dev generate", file=sys.stderr)
        return 1 if out_of_date else 0
    for path, text in expected().items():
        if path in out_of_date:
            path.write_text(text)
            print(f"wrote {path}")
    return 0
