from __future__ import annotations

import pytest

from compliance.documents.markdown import atx_heading, read_markdown

from .budget import within_cpu_budget

SKELETON = """---
title: front matter is not a heading
---
# DSR procedure

How we answer data-subject requests.

## Access
<!-- describe the access process -->
## Erasure

We erase within one month of the request.

Setext title
============

```
# not a heading
```
A paragraph
over two lines
--------------
- a list item
---
### Closed ###
"""


def titles(text: str) -> list[tuple[int, str]]:
    return [(h.level, h.title) for h in read_markdown(text).headings]


def test_atx_setext_fences_front_matter_and_comments() -> None:
    assert titles(SKELETON) == [(1, "DSR procedure"), (2, "Access"), (2, "Erasure"), (1, "Setext title"),
                                (2, "A paragraph over two lines"), (3, "Closed")]


def test_text_under_each_heading() -> None:
    document = read_markdown(SKELETON)
    by_title = {h.title: h.text for h in document.headings}
    assert by_title["Access"] == ""                      # the HTML comment is not content
    assert by_title["Erasure"] == "We erase within one month of the request."
    assert by_title["Setext title"] == "# not a heading"  # fenced code is text, never a heading
    assert by_title["A paragraph over two lines"] == "- a list item"


def test_sections_nest_subheadings() -> None:
    section = read_markdown(SKELETON).find(("dsr procedure",))
    assert section is not None
    assert [h.title for h in section.subheadings] == ["Access", "Erasure"]
    assert section.content == "How we answer data-subject requests.\nWe erase within one month of the request."
    assert "Erasure" in section.body and "Erasure" not in section.content


@pytest.mark.parametrize(("line", "expected"), [
    ("# Title", (1, "Title")),
    ("###### Six", (6, "Six")),
    ("####### seven", None),
    ("#hashtag", None),
    ("    # indented code", None),
    ("   # three spaces", (1, "three spaces")),
    ("## Closing ##  ", (2, "Closing")),
    ("## C# language", (2, "C# language")),
    ("## ##", (2, "")),
    ("#", (1, "")),
])
def test_atx_heading_lines(line: str, expected: tuple[int, str] | None) -> None:
    assert atx_heading(line) == expected


def test_find_matches_like_checks_do() -> None:
    document = read_markdown("## 3.2 Risk Identification:\ntext\n## Foreseeable misuse\nmore\n")
    found = document.find(("Misuse", "Risk identification"))
    assert found is not None and found.title == "Foreseeable misuse"   # alternatives tried in order
    assert document.find(("risk identification",)) is not None
    assert document.find(("residual risk",)) is None


def test_hostile_heading_line_is_linear() -> None:
    code = ("from compliance.documents.markdown import read_markdown\n"
            "doc = read_markdown(('# a' + ' ' * 200_000 + 'b\\n') * 5 + '=' * 200_000 + '\\n' + '#' * 200_000)\n"
            "assert [h.title for h in doc.headings][:1] == ['a b']\n"
            "from compliance.documents.text import normalize_heading\n"
            "normalize_heading('1.' * 100_000 + ' x' + ' ' * 200_000)\n")
    finished = within_cpu_budget(code)
    assert finished.returncode == 0, finished.stderr[-500:]
