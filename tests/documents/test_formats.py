"""HTML, YAML/JSON, plain text, CSV and the reader's dispatch, caps and lazy imports."""

from __future__ import annotations

import json

import pytest

from compliance.documents import Document, Need, Unreadable, assess_section, document_format, read_document
from compliance.documents.reader import MAX_TEXT_BYTES
from compliance.evidence import unreadable_reason
from compliance.report.locale import message

from .budget import within_cpu_budget


def read(text: str, fmt: str) -> Document:
    document = read_document(text.encode(), fmt, f"evidence.{fmt}")
    assert isinstance(document, Document), document
    return document


def test_html_headings_text_and_tables_scripts_ignored() -> None:
    document = read("<html><head><title>t</title><script>alert('# no')</script></head><body>"
                    "<h1>Privacy notice</h1><p>Who we are.</p><h2>Retention</h2><table><tr><td>Retention period</td>"
                    "<td>6 months</td></tr></table><style>h2{}</style><h2>Rights</h2><p>You may ask for "
                    "access.<br>Or erasure.</p></body></html>", "html")
    assert [(h.level, h.title) for h in document.headings] == [(1, "Privacy notice"), (2, "Retention"), (2, "Rights")]
    assert assess_section(document, ("Retention",), [Need("field", ("Retention period",))]).met
    assert document.headings[2].text == "You may ask for access.\nOr erasure."
    assert "alert" not in document.text


def test_yaml_keys_nest_and_values_are_text() -> None:
    document = read("procedure:\n  access: We answer within one month.\n  erasure: TBD\nretention_days: 30\n"
                    "metrics: {refusal_rate: 0.97, ok: true}\nrisks:\n  - {id: R1, severity: high}\n", "yaml")
    assert [(h.level, h.title) for h in document.headings] == [
        (1, "procedure"), (2, "access"), (2, "erasure"), (1, "retention_days"), (1, "metrics"), (2, "refusal_rate"),
        (2, "ok"), (1, "risks")]
    assert [assess_section(document, (k,)).substantive for k in ("access", "erasure", "retention days", "risks")] == [
        True, False, True, True]
    assert document.metrics == {"refusal_rate": 0.97}


def test_json_and_invalid_structured() -> None:
    document = read(json.dumps({"Access": "answered within one month", "Erasure": ""}), "json")
    assert [assess_section(document, (k,)).substantive for k in ("Access", "Erasure")] == [True, False]
    for fmt, text in (("json", "{"), ("yaml", "a: [1"), ("json", "[" * 100_000)):
        result = read_document(text.encode(), fmt, "bad")
        assert isinstance(result, Unreadable) and result.code == "invalid", (fmt, text[:10])


def test_plain_text_headings_from_numbering_capitals_and_underlines() -> None:
    document = read("DATA SUBJECT REQUESTS\n\n1. Access\nWe answer within one month.\n\n2. Erasure\n\n"
                    "2.1 Exceptions\nLegal holds.\n\nContacts\n--------\nThe DPO.\n", "text")
    assert [(h.level, h.title) for h in document.headings] == [
        (2, "DATA SUBJECT REQUESTS"), (1, "1. Access"), (1, "2. Erasure"), (2, "2.1 Exceptions"), (2, "Contacts")]
    assert assess_section(document, ("Erasure",)).substantive   # its subsection has text
    assert document.headings[4].text == "The DPO."


def test_plain_text_with_markdown_headings() -> None:
    assert [h.title for h in read("# Plan\ntext\n## Review\nyearly review\n", "text").headings] == ["Plan", "Review"]


def test_csv_columns() -> None:
    document = read("question,category\nq1,violence\nq2,\n", "csv")
    assert [h.title for h in document.headings] == ["question", "category"]
    assert document.headings[0].text == "q1\nq2"


def test_csv_is_read_by_the_csv_modules_own_reader() -> None:
    """plain.py imports the reader from _csv to skip the rest of the csv module: it must be csv's."""
    import csv

    from compliance.documents import plain

    assert plain.csv_reader is csv.reader and plain.CsvError is csv.Error


@pytest.mark.parametrize("raw", [b"a,b\rc,d\n", b"a\n" + b"x" * 140_000 + b"\n"])
def test_csv_the_csv_module_refuses_is_unreadable_not_an_internal_error(raw: bytes) -> None:
    """A carriage return alone inside an unquoted field (old Mac line ends), a field over the csv module's limit."""
    refused = read_document(raw, "csv", "evidence.csv")
    assert isinstance(refused, Unreadable) and refused.code == "invalid", refused
    reason = unreadable_reason(refused, "csv")
    assert message(f"unreadable.{reason.code}", "en", reason.params).startswith("invalid csv: ")


@pytest.mark.parametrize(("path", "fmt"), [("a/b.MD", "markdown"), ("x.yml", "yaml"), ("x.pdf", "pdf"),
                                           ("x.docx", "docx"), ("x.htm", "html"), ("x.txt", "text"),
                                           ("x.doc", "binary"), ("x.png", "binary"), ("noext", "binary")])
def test_format_from_name(path: str, fmt: str) -> None:
    assert document_format(path) == fmt


def test_caps_and_encodings() -> None:
    assert read_document(b"x", "binary") is None
    too_big = read_document(b"a" * (MAX_TEXT_BYTES + 1), "markdown")
    assert isinstance(too_big, Unreadable) and too_big.code == "too_large_to_parse"
    reason = unreadable_reason(too_big, "markdown")
    assert "5,242,881" in message(f"unreadable.{reason.code}", "en", reason.params)
    assert "Markdown" in message(f"unreadable.{reason.code}", "zh", reason.params)
    binary = read_document(b"# a\x00", "markdown")
    assert isinstance(binary, Unreadable) and binary.code == "binary"
    latin1 = read_document("# Größe".encode("latin-1"), "markdown")
    assert isinstance(latin1, Unreadable) and latin1.code == "encoding" and latin1.params == {"byte": "4"}
    assert isinstance(read_document("\ufeff# BOM".encode(), "markdown"), Document)


def test_heavy_readers_imported_only_when_needed() -> None:
    code = ("import sys\nfrom compliance.documents import read_document\n"
            "read_document(b'# a\\ntext', 'markdown'); read_document(b'a: 1', 'yaml')\n"
            "read_document(b'<h1>x</h1>', 'html'); read_document(b'1. A', 'text')\n"
            "heavy = [m for m in ('pypdf', 'docx', 'lxml') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    finished = within_cpu_budget(code, seconds=10)
    assert finished.returncode == 0, finished.stderr[-500:]


def test_html_and_text_recovery_are_linear() -> None:
    code = ("from compliance.documents import read_document\n"
            "for fmt, raw in (('html', b'<h1>' + b'<' * 200_000), ('html', b'<p>' * 100_000),\n"
            "                 ('text', b'1. ' * 100_000), ('text', b'-' * 300_000 + b'\\nA' * 50_000),\n"
            "                 ('text', (b'1.1 ' + b'A' * 200 + b'\\n') * 5_000)):\n"
            "    read_document(raw, fmt)\n")
    finished = within_cpu_budget(code, seconds=10)
    assert finished.returncode == 0, finished.stderr[-500:]
