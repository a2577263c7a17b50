"""The README structure reader: code blocks and comments are not prose, inline Markdown is reduced to words,
fields are found inside and outside lists, and every line number is the file's."""

from __future__ import annotations

import pytest

from compliance.importers.markdown import Document, heading_keys, paragraphs, plain

BODY = """# Title

<!-- Provide a quick summary.
# not a heading either -->
Lead text with a [link](https://example.com/a_(b)) and **bold** and `code`.

```python
# First, define a tool
```

~~~
## also code
```
still code
~~~

    ```four spaces in: inline code, not a fence```

**Model developer**: Acme
- **Developed by:** [Team](https://x.org)
* **License [optional]:** [More Information Needed]
**Intended Use Cases** Acme is intended for triage.

## 👨‍⚕️ 2. 介绍（Introduction）

Use cases:
- one
- two
"""


def test_headings_skip_code_and_comments() -> None:
    document = Document(BODY, first_line=5)
    assert [(h.level, h.title, h.line) for h in document.headings] == [
        (1, "Title", 5), (2, "👨‍⚕️ 2. 介绍（Introduction）", 28)]
    assert document.code_lines == 8


def test_fields_inside_and_outside_lists() -> None:
    fields = {f.key: (f.value, f.line, f.with_colon) for f in Document(BODY, 5).fields}
    assert fields["model developer"] == ("Acme", 23, True)
    assert fields["developed by"] == ("Team", 24, True)
    assert fields["license"] == ("[More Information Needed]", 25, True)
    assert fields["intended use cases"] == ("Acme is intended for triage.", 26, False)


def test_first_field_skips_placeholders() -> None:
    document = Document(BODY, 5)
    assert document.first_field(["license"]) is None
    found = document.first_field(["developed by", "model developer"])
    assert found is not None and found.value == "Team"


def test_paragraphs_are_plain_text_with_lines() -> None:
    document = Document(BODY, 5)
    lead = paragraphs(document.sections[1].lines)
    assert (lead[0].text, lead[0].line) == ("Lead text with a link and bold and code.", 9)
    labelled = next(p for p in lead if p.label)
    assert (labelled.label, labelled.after_label) == ("Intended Use Cases", "Acme is intended for triage.")
    listed = paragraphs(document.sections[2].lines)
    assert [(p.text, p.line) for p in listed] == [("Use cases: one; two", 30)]


def test_heading_keys_drop_emoji_numbers_and_split_translations() -> None:
    assert heading_keys("👨‍⚕️ 2. 介绍（Introduction）") >= {"介绍", "introduction"}
    assert "direct use" in heading_keys("Direct Use [optional]")
    assert "简介" in heading_keys("一、简介")


@pytest.mark.parametrize(("raw", "words"), [
    ("**Developed by:** [EPFL LLM Team](https://huggingface.co/epfl-llm)", "Developed by: EPFL LLM Team"),
    ("![logo](x.png) <p align='center'>Name</p>", "Name"),
    ("__x__ *y* ~~z~~ snake_case_name", "x y z snake_case_name"),
    ("&amp; &lt;b&gt; [![badge](b.svg)](https://ci)", "& <b>"),
    ("> [!CAUTION]\n> research only", "research only"),
])
def test_plain(raw: str, words: str) -> None:
    assert plain(raw) == words
