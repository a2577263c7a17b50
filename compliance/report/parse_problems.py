"""Why an evidence file could not be parsed, named by code so that a report in another language can word it.

An `invalid` evidence file keeps its parser's English words (`documents.reader`: "line 2: while parsing a flow
sequence did not find expected ',' or ']'"): the JSON is language-neutral, and the words are what a search for the
parser's message finds. A Chinese report printed them inside its own sentence (YAML格式无效：…while parsing a flow
sequence…); it now words each problem of the YAML, JSON and CSV parsers this module recognises by its code
(`parse.<code>` in the catalogs, and `parse.context.<code>` for the YAML parser's "while parsing ..."), with its
line and column, and frames the words of any other one (a PDF library's, say) in Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WHERE = re.compile(r"line (?P<line>\d+)(?: column (?P<column>\d+))?: ")

# The YAML parser's contexts (libyaml's and PyYAML's words): "while parsing a flow sequence did not find ...".
_CONTEXTS = {
    "while parsing a flow sequence": "flow_sequence",
    "while parsing a flow mapping": "flow_mapping",
    "while parsing a flow node": "flow_node",
    "while parsing a block mapping": "block_mapping",
    "while parsing a block collection": "block_collection",
    "while parsing a block node": "block_node",
    "while parsing a node": "node",
    "while parsing a quoted scalar": "quoted_scalar",
    "while scanning a quoted scalar": "quoted_scalar",
    "while scanning a plain scalar": "plain_scalar",
    "while scanning a block scalar": "block_scalar",
    "while scanning a simple key": "simple_key",
    "while scanning for the next token": "next_token",
    "while scanning an anchor": "anchor",
    "while scanning an alias": "alias",
    "while scanning a tag": "tag",
    "while parsing a tag": "tag",
    "while scanning a directive": "directive",
    "while scanning a %YAML directive": "directive",
    "while scanning a %TAG directive": "directive",
}

# Each problem the parsers word, by a pattern of the whole of their words (its groups are the parameters).
_PROBLEMS = tuple((re.compile(pattern), code) for pattern, code in (
    # YAML (libyaml and PyYAML)
    (r"did not find expected ',' or '\]'", "expected_comma_or_bracket"),
    (r"did not find expected ',' or '\}'", "expected_comma_or_brace"),
    (r"did not find expected node content", "expected_node"),
    (r"did not find expected key", "expected_key"),
    (r"did not find expected '-' indicator", "expected_dash"),
    (r"could not find expected ':'", "expected_colon"),
    (r"did not find expected <document start>", "expected_document_start"),
    (r"mapping values are not allowed (?:in this context|here)", "mapping_values"),
    (r"found unexpected end of stream", "end_of_stream"),
    (r"found unknown escape character", "unknown_escape"),
    (r"found character (?:'.*' )?that cannot start any token", "cannot_start_token"),
    (r"expected a single document in the stream but found another document", "another_document"),
    (r"found undefined alias", "undefined_alias"),
    (r"found duplicate %YAML directive", "duplicate_directive"),
    (r"could not determine a constructor for the tag '(?P<tag>.+)'", "unknown_tag"),
    (r"unacceptable character (?P<char>#x[0-9a-fA-F]+): control characters are not allowed", "control_character"),
    # this tool's own rules for YAML (`yaml_source`)
    (r"YAML aliases are not allowed \((?P<alias>.+)\)", "alias"),
    (r"duplicate key \(first written on line (?P<first>\d+)\)", "duplicate_key_line"),
    (r"keys must be strings, got (?P<key>.+)", "key_not_string"),
    (r"keys must be strings", "keys_not_strings"),
    (r"merge keys \(<<\) are not supported", "merge_key"),
    (r"nested more than (?P<depth>\d+) levels deep", "too_deep"),
    (r"nested too deeply", "nested_too_deeply"),
    # JSON (the json module, and `strict_json`'s refusals)
    (r"Expecting value", "json_value"),
    (r"Expecting ',' delimiter", "json_comma"),
    (r"Expecting ':' delimiter", "json_colon"),
    (r"Expecting property name enclosed in double quotes", "json_name"),
    (r"Unterminated string starting at", "json_unterminated"),
    (r"Invalid \\escape", "json_escape"),
    (r"Invalid \\uXXXX escape", "json_unicode_escape"),
    (r"Invalid control character at", "json_control"),
    (r"Extra data", "json_extra"),
    (r"duplicate key '(?P<key>.*)'", "duplicate_key"),
    (r"(?P<value>NaN|-?Infinity) is not a JSON number", "not_a_number"),
    (r"(?P<value>.+) is beyond the range of a number", "out_of_range"),
    # figures (`documents.reader`)
    (r"metric (?P<metric>[^:]+): (?P<value>.+) is not a finite number", "metric_not_finite"),
    # CSV (the csv module)
    (r"field larger than field limit \((?P<limit>\d+)\)", "csv_field_limit"),
    (r"new-line character seen in unquoted field.*", "csv_newline"),
    (r"unexpected end of data", "csv_end"),
    (r"'(?P<char>.)' expected after '\"'", "csv_after_quote"),
))


@dataclass(frozen=True)
class ParseProblem:
    """A parser's problem: its code and parameters, the YAML context it arose in, and where."""

    code: str
    params: dict[str, str | int] = field(default_factory=dict)
    context: str | None = None
    path: str | None = None
    line: str | None = None
    column: str | None = None


def _known(words: str) -> tuple[str, dict[str, str | int]] | None:
    """The code and parameters of `words`; a parameter all digits is a number (a limit is printed as a count)."""
    for pattern, code in _PROBLEMS:
        match = pattern.fullmatch(words)
        if match:
            return code, {k: int(v) if v.isdigit() else v for k, v in match.groupdict().items() if v is not None}
    return None


def parse_problem(text: str) -> ParseProblem:
    """The problem worded `text` (`line N[ column C]: [path: ][while ... ]words`); `other`, with its words
    as they are, when they are none this module knows."""
    where = _WHERE.match(text)
    line = column = None
    words = text
    if where:
        line, column, words = where["line"], where["column"], text[where.end():]
    context = None
    for phrase, code in _CONTEXTS.items():
        if words.startswith(phrase + " "):
            context, words = code, words[len(phrase) + 1:]
            break
    known = _known(words)
    path = None
    if known is None and context is None and ": " in words:  # a problem of `yaml_source` at a path: "a/b: words"
        head, rest = words.split(": ", 1)
        known = _known(rest)
        if known is not None:
            path = head
    if known is None:
        return ParseProblem("other", {"detail": words}, context, None, line, column)
    code, params = known
    return ParseProblem(code, params, context, path, line, column)
