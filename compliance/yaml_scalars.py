"""What a plain YAML scalar is (null, a boolean, an integer, a float...), tested with string methods.

PyYAML resolves a plain scalar by trying regular expressions (YAML 1.1's), chosen by its first character;
compiling the integer and float ones alone took ~0.5 ms of every card load. Each `match` here answers
exactly as the expression it stands for, including `$` matching before one final newline, which
tests/test_yaml_scalars.py checks against PyYAML's own expressions on random strings. Two are ours, not
YAML 1.1's: only `true`/`false` are booleans (YAML 1.1 would read the country code `NO` as False), and a
number in exponent form needs no dot (`3e+21`, as JSON writes it).
"""

from __future__ import annotations

from typing import Protocol

_DIGITS = "0123456789"
_DIGIT = frozenset(_DIGITS)
_NONZERO = frozenset("123456789")
_SIGNS = ("-", "+")


class Matcher(Protocol):
    """What PyYAML's resolver asks of an implicit resolver's pattern: `match`, true for a scalar of its type."""

    def match(self, value: str, /) -> object: ...


def _all_in(text: str, allowed: str) -> bool:
    """Whether every character of `text` is one of `allowed` (true of the empty string)."""
    return not text.strip(allowed)


def _ascii_digits(text: str) -> bool:
    """`[0-9]+` (str.isdigit alone takes other scripts' digits too)."""
    return text.isascii() and text.isdigit()


def _one_line(value: str) -> str:
    """What YAML 1.1's patterns test before their `$`: the value without one final newline."""
    return value[:-1] if value.endswith("\n") else value


def _sixty(group: str) -> bool:
    """`[0-5]?[0-9]`: a group of a sexagesimal number (`1:30:00`)."""
    if len(group) == 1:
        return group in _DIGITS
    return len(group) == 2 and group[0] in "012345" and group[1] in _DIGITS


def _fraction(rest: str) -> bool:
    """`[0-9_]*(?:[eE][-+][0-9]+)?`: what follows a float's dot."""
    digits, e, exponent = rest.replace("E", "e").partition("e")
    return _all_in(digits, "0123456789_") and (not e or (exponent[:1] in _SIGNS and _ascii_digits(exponent[1:])))


class Words:
    """Exactly these words (`^(?:word|...)\\Z`)."""

    def __init__(self, *words: str) -> None:
        self.match = frozenset(words).__contains__


def yaml11_words(*words: str) -> Words:
    """These words, or one followed by a newline (`^(?:word|...)$`)."""
    return Words(*words, *(f"{word}\n" for word in words))


class Int:
    """YAML 1.1's int: `^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`."""

    @staticmethod
    def match(value: str) -> bool:
        text = _one_line(value)
        if text[:1] in _SIGNS:
            text = text[1:]
        if text[:2] in ("0b", "0x"):
            return len(text) > 2 and _all_in(text[2:], "01_" if text[1] == "b" else "0123456789abcdefABCDEF_")
        if text[:1] == "0":
            return _all_in(text[1:], "01234567_")  # "0" itself, or an octal number
        if text[:1] not in _NONZERO:
            return False
        head, *groups = text.split(":")
        return _all_in(head, "0123456789_") and all(map(_sixty, groups))


_INFINITE = frozenset(f"{sign}.{word}" for sign in ("", "-", "+") for word in ("inf", "Inf", "INF"))
_NOT_A_NUMBER = frozenset((".nan", ".NaN", ".NAN"))


class Float:
    """YAML 1.1's float: `^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$`."""

    @staticmethod
    def match(value: str) -> bool:
        text = _one_line(value)
        if text in _INFINITE or text in _NOT_A_NUMBER:
            return True
        signed = text[:1] in _SIGNS
        whole, dot, rest = (text[1:] if signed else text).partition(".")
        if not dot:
            return False
        if not whole:  # `.5`, `.5e+3`: never signed
            return not signed and rest[:1] in _DIGIT and _fraction(rest)
        if whole[0] not in _DIGITS:
            return False
        head, *groups = whole.split(":")
        if not _all_in(head, "0123456789_"):
            return False
        if groups:  # sexagesimal (`1:30.5`): no exponent
            return all(map(_sixty, groups)) and _all_in(rest, "0123456789_")
        return _fraction(rest)


class Exponent:
    """Ours: a number in exponent form with or without a dot, `^[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)[eE][-+]?
    [0-9]+\\Z`. YAML 1.1 wants a dot (`3.0e+21`); JSON and YAML 1.2 do not (`3e+21`)."""

    @staticmethod
    def match(value: str) -> bool:
        mantissa, e, exponent = value.replace("E", "e").partition("e")
        if not e:
            return False
        whole, dot, fraction = (mantissa[1:] if mantissa[:1] in _SIGNS else mantissa).partition(".")
        if not _ascii_digits(exponent[1:] if exponent[:1] in _SIGNS else exponent):
            return False
        if _ascii_digits(whole):
            return not fraction or _ascii_digits(fraction)
        return not whole and bool(dot) and _ascii_digits(fraction)


BOOL = Words("true", "True", "TRUE", "false", "False", "FALSE")  # ours: YAML 1.1 adds yes/no/on/off
YAML11: dict[str, Matcher] = {"tag:yaml.org,2002:int": Int(), "tag:yaml.org,2002:float": Float(),
          "tag:yaml.org,2002:null": yaml11_words("~", "null", "Null", "NULL", ""),
          "tag:yaml.org,2002:merge": yaml11_words("<<"), "tag:yaml.org,2002:value": yaml11_words("="),
          "tag:yaml.org,2002:yaml": yaml11_words("!", "&", "*")}
