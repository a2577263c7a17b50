"""A document's headings are normalised together (`normalize_headings`), each as `normalize_heading` would."""

from __future__ import annotations

import random

from compliance.documents.text import normalize_heading, normalize_headings

_TITLES = ["3.2 Risk Identification:", "(iv) Human oversight", "a. Scope", "point 3 Logs", "1.1.1.1 (a) ii) x",
           "Ｒｉｓｋ ＩＤ", "三、风险识别（第9条）", "٣. نطاق", "", "  ", "x\ny",
           "ﬁnal ﬁgures", "İstanbul", "Straße", "§ 5 — Retention"]


def test_equal_to_one_title_at_a_time() -> None:
    rng = random.Random(19)
    for _ in range(3_000):
        titles = rng.choices(_TITLES, k=rng.randint(0, 8))
        assert normalize_headings(titles) == tuple(map(normalize_heading, titles)), titles
