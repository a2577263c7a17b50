"""Scope statements a model card makes about the model itself: research only, general-purpose, generative,
release date. Each is imported only where the card says it in so many words, with the sentence quoted and
its line; a card that says nothing leaves the question unanswered.

The patterns want the model as the subject ("BioX is a general-purpose model", "本模型仅供学术研究使用"):
an abstract saying "adapting general-purpose LLMs to medicine" is about other models and imports nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from .found import Findings, Origin
from .markdown import Document, Field, paragraphs, plain

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？；;])")
RESEARCH_ONLY = re.compile(
    r"(?<!not )\b(?:for|intended)\s+(?:\w+\s+){0,3}?research(?:\s+and\s+development)?\s+(?:purposes?\s+|use\s+)?only\b"
    r"|\bresearch[- ]only\b|\bresearch use only\b"
    r"|(?<!not )\b(?:solely|strictly|exclusively|only)\s+(?:as|for)\s+(?:an?\s+)?(?:academic\s+|scientific\s+)?"
    r"research\b"
    r"|仅(?:供|用于|限于?|可用于)(?:学术|科学)?(?:研究|科研)|只(?:能|可)?用于(?:学术|科学)?(?:研究|科研)",
    re.IGNORECASE)
_GENERAL_PURPOSE = r"general[- ]purpose\s+(?:ai\s+|artificial intelligence\s+)?(?:[\w-]+\s+){0,2}?models?\b"
_GENERATIVE = r"generative\s+(?:ai\s+|language\s+|text\s+)?models?\b"
_NOT_A_DEVICE = re.compile(r"\bnot\s+(?:\w+\s+){0,4}?(?:as\s+|to\s+be\s+)?an?\s+medical\s+device\b"
                           r"|不(?:是|属于|作为)医疗器械|非医疗器械", re.IGNORECASE)
RELEASE_KEYS = ("model release date", "release date", "released", "release", "发布日期", "发布时间", "发布于")
TYPE_KEYS = ("model type", "模型类型", "type")
OUTPUT_KEYS = ("output", "outputs", "output modalities", "输出", "模型输出")
_MODALITIES = {"text": r"\btext\b|文本", "image": r"\bimages?\b|图像|图片", "audio": r"\baudio\b|\bspeech\b|音频|语音",
               "video": r"\bvideos?\b|视频"}
_MONTHS = {m: n for n, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), start=1)}
EXEMPTION = "an exemption claim: it takes obligations out of scope only with a supporting scope-assessment"


def _sentences(text: str) -> Iterator[str]:
    for part in _SENTENCE_END.split(text):
        sentence = part.strip()
        if sentence:
            yield sentence


def _statements(document: Document) -> Iterator[tuple[str, int]]:
    """Every prose sentence with the line it starts on: line by line, then joined paragraphs (for wrapped text)."""
    seen: set[str] = set()
    for line in document.prose:
        for sentence in _sentences(plain(line.text)):
            if sentence not in seen:
                seen.add(sentence)
                yield sentence, line.number
    for section in document.sections:
        for paragraph in paragraphs(section.lines):
            for sentence in _sentences(paragraph.text):
                if sentence not in seen:
                    seen.add(sentence)
                    yield sentence, paragraph.line


def _self_subject(names: Iterable[str]) -> str:
    """The words a card uses for its own model at the start of a sentence."""
    own = [re.escape(n) for n in sorted({n for n in names if n}, key=len, reverse=True)]
    return r"^(?:(?:this|the|our)\s+(?:ai\s+|language\s+)?model|it|" + "".join(f"{n}|" for n in own) + \
        r"本模型|该模型|我们的模型)"


def _self_statement(subject: str, english: str, chinese: str) -> re.Pattern[str]:
    """"<the model> is/are ... <english>" or "<the model>……是……<chinese>模型"."""
    return re.compile(subject + r"(?:\s+\S+){0,12}?\s+(?:is|are)\s+(?:an?\s+)?(?:[\w-]+\s+){0,6}?" + english
                      + "|" + subject + r".{0,30}是.{0,12}" + chinese + r"(?:人工智能|大语言|语言|大)?模型",
                      re.IGNORECASE)


def _date(text: str) -> str | None:
    """A full calendar date written as 2024-07-23, 2024/07/23, July 23, 2024, 23 July 2024 or 2024年7月23日."""
    patterns = (
        (r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b", (1, 2, 3)),
        (r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", (1, 2, 3)),
        (r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", (3, 1, 2)),
        (r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b", (3, 2, 1)),
    )
    for pattern, (y, m, d) in patterns:
        match = re.search(pattern, text)
        if not match:
            continue
        month_text = match.group(m)
        month = int(month_text) if month_text.isdigit() else next(
            (n for name, n in _MONTHS.items() if name.startswith(month_text.lower()) and len(month_text) >= 3), 0)
        try:
            return date(int(match.group(y)), month, int(match.group(d))).isoformat()
        except ValueError:
            continue
    return None


def read_scope_signals(document: Document, names: Iterable[str], findings: Findings) -> None:
    """Put what the card says about research-only use, general purpose, generation and its release date."""
    subject = _self_subject(names)
    general = _self_statement(subject, _GENERAL_PURPOSE, "通用")
    generative = _self_statement(subject, _GENERATIVE, "生成式")
    for sentence, line in _statements(document):
        if RESEARCH_ONLY.search(sentence):
            findings.put("deployment.research_only", True,
                         findings.origin("text", line, sentence, EXEMPTION + " (AI Act Art. 2(6))"))
        if general.search(sentence):
            findings.put("model.general_purpose", True, findings.origin("text", line, sentence))
        if generative.search(sentence):
            findings.put("system.generative", True, findings.origin("text", line, sentence))
        if _NOT_A_DEVICE.search(sentence) and not any("not a medical device" in n for n in findings.notes):
            findings.note(f"line {line} says it is not a medical device (\"{sentence[:120]}\"); whether it is one "
                          "depends on its intended purpose and clinical functions (MDR Art. 2(1)): answer "
                          "classification.medical_device.regulation")
    _fields(document, findings)


def _fields(document: Document, findings: Findings) -> None:
    kind = document.first_field(TYPE_KEYS)
    if kind is not None and re.search(r"general[- ]purpose|通用", kind.value, re.IGNORECASE):
        findings.put("model.general_purpose", True, _field_origin(findings, kind))
    output = document.first_field(OUTPUT_KEYS)
    if output is not None and re.search(r"generat|生成", output.value, re.IGNORECASE):
        findings.put("system.generative", True, _field_origin(findings, output))
        kinds = [name for name, pattern in _MODALITIES.items() if re.search(pattern, output.value, re.IGNORECASE)]
        findings.put("system.output_modalities", kinds, _field_origin(findings, output))
    released = document.first_field(RELEASE_KEYS)
    if released is not None:
        day = _date(released.value)
        if day is None:
            findings.note(f"line {released.line}: {released.label} \"{released.value[:60]}\" is not a full date; "
                          "answer model.gpai_placed_on_market yourself")
        else:
            findings.put("model.gpai_placed_on_market", day, _field_origin(
                findings, released, "the model's public release; confirm it was the first placing on the EU market"))


def _field_origin(findings: Findings, field: Field, remark: str = "") -> Origin:
    return findings.origin(f"field: {field.label}", field.line, field.value, remark)
