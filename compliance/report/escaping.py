"""Card and evidence text is untrusted: what each output format must do to it before printing.

The same hostile strings go to every format (tests/hostile/test_formats.py): terminal escape sequences
(ESC[2J clears the screen, OSC 52 writes the clipboard), carriage returns that overwrite a line, bidi
overrides (U+202E) that reverse what a reader sees, HTML in Markdown, `|` in table cells, and characters
XML 1.0 cannot carry. `visible` makes every control character and bidi control show as an escape, so
nothing in a report can act on the terminal or hide text; the format functions add their own escaping.
"""

from __future__ import annotations

import re

from ..lazy_regex import lazy_pattern

# C0 controls except tab and newline, DEL, C1 controls; bidi embeddings, overrides and isolates;
# the line and paragraph separators; noncharacters and lone surrogates (not allowed in XML 1.0).
# Compiled only for a text that holds a character str.isprintable refuses (tab, newline, no-break space…): every
# character here is one, and a table of the examples has none (compiling this class was ~4.5 M instructions).
_UNSAFE = lazy_pattern("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>"


def visible(text: str) -> str:
    """`text` with every control character and bidi control written out (ESC → `\\x1b`, U+202E →
    `<U+202E>`); tabs and newlines are kept, everything else is unchanged."""
    return text if text.isprintable() else _UNSAFE.sub(_shown, text)


def one_line(text: str) -> str:
    """`visible` on one line: newlines and tabs become spaces."""
    return " ".join(visible(text).split("\n")).replace("\t", " ")


def markdown(text: str) -> str:
    """Inline Markdown that renders as the text it is: no HTML (`<script>`, `<img onerror>`), no table
    breaks (`|`, newlines), no links (`[x](javascript:…)`) and no code spans that swallow the cell."""
    # html.escape(quote=False), without importing html and its table of 2,000 entities on the table's path
    escaped = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`\[\]|])", r"\\\1", escaped)


def markdown_code(text: str) -> str:
    """Text for a Markdown code span: backticks cannot close it early, and a `|` still cannot end a
    table cell (an escaped pipe is shown as `|` inside code spans by GitHub's table parser)."""
    return one_line(text).replace("`", "'").replace("|", "\\|")


def xml_text(text: str) -> str:
    """Text XML 1.0 can carry (ElementTree escapes `<`, `&` and quotes itself)."""
    return visible(text)
