"""A file the system refused to read, named by code so that a report in another language can word it.

`yaml_source.read_bytes` says in English why a file has no content ("permission denied", "symlink loop", "is a
FIFO (named pipe), not a file", ...), and an evidence file's `os_error` reason keeps those words: the JSON is
language-neutral, and an English report prints them as they are. A Chinese report printed them inside its own
sentence ("无法读取文件：permission denied"); it now words each refusal this module recognises by its code
(`refusal.<code>` in the catalogs), and frames the system's words of any other one in Chinese.
"""

from __future__ import annotations

from ..yaml_source import REFUSALS

# Each refusal by its words in lower case: `read_bytes`'s own (`REFUSALS`), and the system's (its strerror texts).
_CODES = {
    **{words.lower(): code for code, words in REFUSALS.items()},
    "permission denied": "permission",
    "operation not permitted": "permission",
    "no such file or directory": "missing",
    "is a directory": "folder",
    "not a directory": "not_folder",
    "too many levels of symbolic links": "loop",
    "input/output error": "io",
}
_HARD_LINKS = ("the file has ", " hard links; ")  # `read_bytes(one_name=True)`: "the file has 2 hard links; ..."


def refusal(text: str) -> tuple[str, dict[str, str]]:
    """The code of the refusal worded `text`, and its parameters: `other` with the text itself when it is none
    this module knows."""
    code = _CODES.get(text.strip().lower())
    if code is not None:
        return code, {}
    start, middle = _HARD_LINKS
    if text.startswith(start) and middle in text:
        count = text[len(start):text.index(middle)]
        if count.isdigit():
            return "hard_links", {"count": count}
    return "other", {"detail": text}
