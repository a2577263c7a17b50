"""CSV evidence split without the csv module: the same rows as its reader, and `_csv` not loaded for it."""

from __future__ import annotations

import csv
import io
import random
import subprocess
import sys

from compliance.documents import plain
from compliance.documents.reader import read_document

_PIECES = ["a", "b", "é", "中", " ", "\t", ",", ",", "\n", "\n", "\n\n", "x y", "\x0b", "\x1c", "\u2028", "\x85", "#"]


def _texts(count: int, seed: int) -> list[str]:
    pick = random.Random(seed)
    return ["".join(pick.choices(_PIECES, k=pick.randrange(0, 40))) for _ in range(count)]


def test_plain_rows_are_the_csv_readers_rows() -> None:
    texts = [*_texts(20_000, 7), "", "\n", ",", "a,b\n", "a,b", "a,\n,", "\n\n,\n", "x" * plain._FIELD_LIMIT]
    for text in texts:
        assert plain._plain_rows(text) == list(csv.reader(io.StringIO(text))), repr(text)


def test_texts_the_csv_reader_must_decide_are_left_to_it() -> None:
    for text in ('a,"b,c"\n', 'a"b\n', "a,b\rc\n", "a\r\n", "a\x00b", "x" * (plain._FIELD_LIMIT + 1)):
        assert plain._plain_rows(text) is None


def test_the_reader_and_error_read_from_the_module_are_csvs() -> None:
    assert plain.csv_reader is csv.reader and plain.CsvError is csv.Error


def test_a_plain_csv_file_is_read_without_loading_csv() -> None:
    code = ("import sys; from compliance.documents.reader import read_document as r; d = r(b'a,b\\n1,2\\n', 'csv'); "
            "print('_csv' in sys.modules, [h.title for h in d.headings], d.headings[1].text)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "['a',", "'b']", "2"]
    with_module = read_document(b"a,b\n1,2\n", "csv")  # this process has loaded csv: its reader reads it
    assert with_module is not None and [h.text for h in with_module.headings] == ["1", "2"]
