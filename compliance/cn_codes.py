"""统一社会信用代码 (unified social credit code) per GB 32100-2015: 18 characters from a 31-character set
(digits and capitals without I, O, Z, S, V); the 18th is a check character: weights 3^i mod 31 over the
first 17, check = (31 - sum mod 31) mod 31. Some codes issued in early regional pilots do not satisfy
the check; they are reported so the provider can confirm the code against its business licence.
"""

from __future__ import annotations

import re

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_FORMAT = r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}"  # compiled on first use: few cards have one


def uscc_check_character(first17: str) -> str:
    total = sum(CHARSET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return CHARSET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why `code` is not a valid unified social credit code, or None."""
    if len(code) != 18:
        return f"a unified social credit code (统一社会信用代码) has 18 characters, not {len(code)}"
    if not re.fullmatch(_FORMAT, code):
        return ("not a unified social credit code (统一社会信用代码): digits and capital letters without I, O, Z, "
                "S, V; characters 3-8 are the registration authority's area code (digits)")
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return (f"the check character of the unified social credit code is {code[17]!r} but GB 32100-2015 gives "
                f"{expected!r}: check the code against the business licence")
    return None
