"""English and Chinese wording of why a document is unreadable (moves to the Locale catalogs with issue 10)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Unreadable

FORMAT_NAMES_ZH = {"markdown": "Markdown", "yaml": "YAML", "json": "JSON", "text": "文本", "csv": "CSV",
                   "pdf": "PDF", "docx": "Word（DOCX）", "html": "HTML"}

_EN = {
    "too_large": "file is {size} bytes; the limit for reading {format} content is {limit}",
    "binary": "binary content in a {format} file",
    "encoding": "not UTF-8 text (byte {byte})",
    "invalid": "invalid {format}: {detail}",
    "no_text_layer": "no text layer: the PDF has {pages} page(s) of images only (a scan); "
                     "provide a PDF with text (OCR it or export it from the source document)",
    "encrypted": "the PDF is encrypted and cannot be opened without a password",
    "too_many_pages": "the PDF has {pages} pages; the limit is {limit}",
    "too_much_text": "more than {limit} characters of text; the limit keeps reading bounded",
    "archive_too_large": "the DOCX unpacks to {size} bytes; the limit is {limit}",
}
_ZH = {
    "too_large": "文件大小为{size}字节，超过读取{format}内容的上限{limit}字节",
    "binary": "{format}文件中含有二进制内容",
    "encoding": "不是UTF-8编码的文本（第{byte}字节）",
    "invalid": "{format}格式无效：{detail}",
    "no_text_layer": "无文本层：该PDF共{pages}页，均为图像（扫描件）；请提供含文本的PDF（进行OCR识别或由源文件导出）",
    "encrypted": "该PDF已加密，无密码无法打开",
    "too_many_pages": "该PDF共{pages}页，超过上限{limit}页",
    "too_much_text": "文本超过{limit}个字符，超出读取上限",
    "archive_too_large": "该DOCX解压后为{size}字节，超过上限{limit}字节",
}


def unreadable_message(problem: Unreadable, lang: str) -> str:
    params = dict(problem.params)
    if lang == "zh" and "format" in params:
        params["format"] = FORMAT_NAMES_ZH.get(params["format"], params["format"])
    template = (_ZH if lang == "zh" else _EN)[problem.code]
    return template.format(**params)
