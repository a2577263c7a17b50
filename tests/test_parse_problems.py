"""An evidence file a parser refuses is worded in the report's language: the JSON keeps the parser's English words,
with the line first and without the file's name again; a Chinese report words each problem of the YAML, JSON and
CSV parsers by its code (`report.parse_problems`), never in the parser's English."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli import app
from compliance.documents.model import Unreadable
from compliance.documents.reader import read_document
from compliance.report.locale import catalog, locale
from compliance.report.parse_problems import _CONTEXTS, _PROBLEMS, parse_problem

# (format, file content, the detail the JSON keeps, the Chinese words of it)
CASES = [
    ("yaml", "a: [1, 2\n", "line 2: while parsing a flow sequence did not find expected ',' or ']'",
     "第2行：解析流式序列时未找到预期的“,”或“]”"),
    ("yaml", "a: {b: 1\n", "line 2: while parsing a flow mapping did not find expected ',' or '}'",
     "第2行：解析流式映射时未找到预期的“,”或“}”"),
    ("yaml", "a: b: c\n", "line 1: mapping values are not allowed in this context", "第1行：此处不允许出现映射值"),
    ("yaml", "a:\n  b: 1\n c: 2\n", "line 3: while parsing a block mapping did not find expected key",
     "第3行：解析块映射时未找到预期的键"),
    ("yaml", "a: 'x\n", "line 2: while scanning a quoted scalar found unexpected end of stream",
     "第2行：读取带引号的标量时文件意外结束"),
    ("yaml", "\ta: 1\n", "line 1: while scanning for the next token found character that cannot start any token",
     "第1行：读取下一个记号时出现不能作为记号开头的字符"),
    ("yaml", "a: 1\na: 2\n", "line 2: a: duplicate key (first written on line 1)",
     "第2行：a：键重复（首次出现在第1行）"),
    ("yaml", "a: &x 1\nb: *x\n", "line 2: YAML aliases are not allowed (*x)", "第2行：不允许使用YAML别名（*x）"),
    ("yaml", "a: 1\n---\nb: 2\n", "line 2: expected a single document in the stream but found another document",
     "第2行：文件应只含一个文档，却出现了另一个文档"),
    ("yaml", "a: !foo x\n", "line 1: could not determine a constructor for the tag '!foo'",
     "第1行：无法识别标签“!foo”"),
    ("yaml", "- a\nb: 1\n", "line 2: while parsing a block collection did not find expected '-' indicator",
     "第2行：解析块序列时未找到预期的列表项标记“-”"),
    ("yaml", "metrics:\n  x: .inf\n", "metric x: inf is not a finite number", "指标x的值inf不是有限数值"),
    ("json", '{"a": 1,}', "line 1 column 9: Expecting property name enclosed in double quotes",
     "第1行第9列：此处应为带双引号的属性名"),
    ("json", '[1, 2', "line 1 column 6: Expecting ',' delimiter", "第1行第6列：此处应为分隔符“,”"),
    ("json", '{"a": "x', "line 1 column 7: Unterminated string starting at", "第1行第7列：字符串未结束（从此处开始）"),
    ("json", '{"a": 1} x', "line 1 column 10: Extra data", "第1行第10列：值之后还有多余的内容"),
    ("json", "", "line 1 column 1: Expecting value", "第1行第1列：此处应为一个值"),
    ("json", '{"a": 1, "a": 2}', "duplicate key 'a'", "键“a”重复"),
    ("json", '{"a": NaN}', "NaN is not a JSON number", "NaN不是JSON数值"),
    ("json", "[" * 5000, "nested too deeply", "嵌套层级过深"),
    ("csv", "a\n" + "x" * 140_000 + "\n", "field larger than field limit (131072)",
     "字段长度超过上限（131,072个字符）"),
    ("csv", "a,b\nx\ry,1\n", "new-line character seen in unquoted field - do you need to open the file in "
     "universal-newline mode?", "未加引号的字段中出现换行符"),
]
_ENGLISH = re.compile(r"\b(while|parsing|scanning|found|find|expected?|expecting|invalid|not|allowed|line|column|"
                      r"key|duplicate|string|data|field|character|value|document|metric)\b", re.IGNORECASE)


def _detail(fmt: str, content: str) -> str:
    found = read_document(content.encode(), fmt, f"evidence/plan.{fmt}")
    assert isinstance(found, Unreadable) and found.code == "invalid", found
    return found.params["detail"]


@pytest.mark.parametrize(("fmt", "content", "detail", "zh"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_parser_problem_is_worded_in_chinese(fmt: str, content: str, detail: str, zh: str) -> None:
    assert _detail(fmt, content) == detail
    worded = locale("zh").parse_problem(detail)
    assert worded == zh
    assert not _ENGLISH.search(worded), worded


@pytest.mark.parametrize(("fmt", "content", "detail", "zh"), CASES[:12], ids=[f"{c[0]}-{i}" for i, c in
                                                                              enumerate(CASES[:12])])
def test_the_english_words_are_the_parsers(fmt: str, content: str, detail: str, zh: str) -> None:
    """The YAML parser's words come back as they were (its line first); the json module's get an article."""
    assert locale("en").parse_problem(_detail(fmt, content)) == detail


def test_a_problem_this_module_does_not_know_is_framed_in_chinese() -> None:
    pdf = "PdfReadError: EOF marker not found"
    assert locale("zh").parse_problem(pdf) == f"解析器报告：{pdf}"
    assert locale("en").parse_problem(pdf) == pdf
    found = parse_problem("line 4: while parsing a flow sequence found something new")
    assert (found.code, found.context, found.line) == ("other", "flow_sequence", "4")
    assert locale("zh").parse_problem("line 4: while parsing a flow sequence found something new") == \
        "第4行：解析流式序列时解析器报告：found something new"


def test_every_code_has_its_words_in_both_catalogs() -> None:
    codes = {code for _, code in _PROBLEMS} | {"other", "at_line", "at_column", "in_path"}
    contexts = set(_CONTEXTS.values())
    for lang in ("en", "zh"):
        keys = set(catalog(lang))
        assert {f"parse.{c}" for c in codes} <= keys
        assert {f"parse.context.{c}" for c in contexts} <= keys


def test_a_card_with_an_invalid_file_reads_in_chinese_and_in_english(tmp_path: Path, runner: CliRunner) -> None:
    """The example with its accuracy evaluation broken: the Chinese report words the parser's problem and the file's
    status in Chinese; the JSON and the English report keep the parser's words, once, after the line."""
    shutil.copytree("examples/medtriage", tmp_path / "card")
    card = tmp_path / "card" / "card.yaml"
    (tmp_path / "card" / "evidence" / "eu" / "accuracy-evaluation.yaml").write_text("metrics:\n  accuracy: [1, 2\n")
    zh = runner.invoke(app, ["check", str(card), "--lang", "zh", "--format", "md", "--as-of", "2026-11-25"]).stdout
    assert "YAML格式无效（第3行：解析流式序列时未找到预期的“,”或“\\]”）" in zh  # Markdown escapes the bracket
    assert "| `evidence/eu/accuracy-evaluation.yaml` | 2026-08-30 | 无法读取 |" in zh
    assert "while parsing" not in zh and "| unreadable |" not in zh and "| ok |" not in zh
    out = tmp_path / "out.json"
    runner.invoke(app, ["check", str(card), "--format", "json", "--as-of", "2026-11-25", "-o", str(out)])
    detail = next(e["detail"] for e in json.loads(out.read_text(encoding="utf-8"))["evidence"] if e["id"] == "accuracy")
    assert detail == {"code": "invalid", "params": {
        "format": "yaml", "error": "line 3: while parsing a flow sequence did not find expected ',' or ']'"}}
    en = runner.invoke(app, ["check", str(card), "--format", "md", "--as-of", "2026-11-25"]).stdout
    assert "invalid yaml: line 3: while parsing a flow sequence did not find expected ',' or '\\]'" in en
    assert "accuracy-evaluation.yaml:3" not in en and "invalid YAML" not in en  # not the path, nor "invalid" twice
    assert "| `evidence/eu/accuracy-evaluation.yaml` | 2026-08-30 | unreadable |" in en
