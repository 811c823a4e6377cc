"""The docs' reference tables are rendered from the specs (tools/chime_proxy_dev/reference.py)."""

from __future__ import annotations

import dataclasses

from chime_proxy_dev import generate, reference
from pulumi_chime_proxy.sessions.spec import PROXY_SESSION


def test_each_document_holds_the_tables_it_promises() -> None:
    kinds = {kind for document in generate.DOCUMENTS for kind in reference.kinds_in(document.read_text())}
    assert kinds == {"ProxySession", "VoiceConnectorProxy"}


def test_a_row_follows_the_spec_rule_secret_default_and_change() -> None:
    table = reference.inputs_table(PROXY_SESSION)
    assert ("| `name` | optional; `^[a-zA-Z0-9 ]{0,30}$`; default: a mark, `pulumi` and 16 hex "
            "digits (how a failed create finds its session); **secret** | replace |") in table
    assert ("| `capabilities` | required; non-empty, from `Voice`, `SMS`, no repeats "
            "| update in place |") in table
    assert ("| `keep_closed` | keep a `Closed` session instead of replacing it "
            "| in place (no API call) |") in table


def test_a_document_that_disagrees_with_the_spec_is_rewritten() -> None:
    text = "intro\n<!-- spec:ProxySession inputs -->\n| stale |\n<!-- end spec -->\noutro\n"
    rendered = reference.render(text, {"ProxySession": PROXY_SESSION})
    assert rendered.startswith("intro\n<!-- spec:ProxySession inputs -->\n| input | rule")
    assert rendered.endswith("<!-- end spec -->\noutro\n") and "| stale |" not in rendered
    changed = dataclasses.replace(PROXY_SESSION, properties=tuple(
        dataclasses.replace(p, change="update") if p.name == "name" else p
        for p in PROXY_SESSION.properties))
    assert "(how a failed create finds its session); **secret** | update in place |" in (
        reference.render(text, {"ProxySession": changed}))
