"""Patterns compiled on first use: the same answers as the compiled pattern, and PyYAML unchanged by them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.lazy_regex import LazyPattern, compiled_on_use, lazy_pattern

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("source", "flags", "text"), [
    (r"\b\d{4}-\d{2}\b", 0, "on 2026-11 and 2027-01"), (r"(?P<word>[a-z]+)", re.I, "Mixed CASE 12"),
    ("[^\t\n\r -~\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", 0, "ok \x07 bell"), (r"x*", 0, ""),
])
def test_a_lazy_pattern_answers_as_the_compiled_one(source: str, flags: int, text: str) -> None:
    lazy, compiled = lazy_pattern(source, flags), re.compile(source, flags)
    assert "compiled" not in vars(lazy)  # nothing compiled until it is used
    assert repr(lazy.search(text)) == repr(compiled.search(text))
    assert repr(lazy.match(text, 1)) == repr(compiled.match(text, 1))
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub("_", text) == compiled.sub("_", text)
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (
        compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex)
    assert lazy.search.__self__ is vars(lazy)["compiled"]  # later calls go straight to the compiled pattern


def test_compiled_on_use_is_lazy_for_the_package_only_and_restores_re_compile() -> None:
    original = re.compile
    with compiled_on_use("tests"):
        assert isinstance(re.compile("a+"), LazyPattern)  # called from this module, in package `tests`
    with compiled_on_use("yaml"):
        assert isinstance(re.compile("a+"), re.Pattern)  # another package's caller: the real compile
    assert re.compile is original
    with pytest.raises(RuntimeError), compiled_on_use("tests"):
        raise RuntimeError
    assert re.compile is original


_LOAD_ALL = """
import json, sys
from pathlib import Path
if sys.argv[1] == "lazy":
    import compliance.yaml_source
    import yaml.reader
    assert type(yaml.reader.Reader.NON_PRINTABLE).__name__ == "LazyPattern", "PyYAML's patterns were compiled"
import re
import yaml
assert re.compile.__module__ == "re"
texts = [(Path(name).read_text(encoding="utf-8"), (yaml.SafeLoader,)) for name in sys.argv[2:]]
extra = ["a: 2001-12-14 21:59:43.10 -5\\nb: !!timestamp 2002-12-14\\n", "bell: \\x07\\n", "bom: \\ufeffx\\n",
         "c: [yes, No, on, 0x1F, 0o17, 1_000, 0b101, 1:20, .inf, -.NaN, ~, null, =, <<]\\n", "d: \\ud800\\n",
         "e: \\U0001F600 \\x85 \\ufffe\\n", "f: !!binary aGVsbG8=\\n", "<<: {a: 1}\\n"]
texts += [(text, (yaml.SafeLoader, yaml.FullLoader)) for text in extra]
answers = []
for text, loaders in texts:
    for loader in loaders:
        try:
            answers.append(repr(list(yaml.load_all(text, Loader=loader))))
        except yaml.YAMLError as exc:
            answers.append(f"{type(exc).__name__}: {exc}")
print(json.dumps(answers))
"""


def test_pyyaml_pure_python_loaders_read_every_yaml_file_as_before() -> None:
    """The pure-Python reader, scanner, resolver and constructors (which use the lazy patterns) give the same
    values and errors as in a process that imported PyYAML plainly, for every YAML file of the repository."""
    files = sorted(str(p) for p in ROOT.glob("**/*.y*ml") if ".git" not in p.parts and p.stat().st_size < 40_000)
    assert len(files) > 50
    answers = [subprocess.run([sys.executable, "-c", _LOAD_ALL, way, *files], capture_output=True, text=True,
                              check=True, cwd=ROOT).stdout for way in ("lazy", "plain")]
    assert answers[0] == answers[1]
    assert len(json.loads(answers[0])) == len(files) + 2 * 8


def test_compiled_on_use_takes_several_packages() -> None:
    with compiled_on_use("yaml", "tests"):
        assert isinstance(re.compile("a+"), LazyPattern)
    with compiled_on_use("yaml", "test"):  # a prefix of the package's name is not the package
        assert isinstance(re.compile("a+"), re.Pattern)


_TYPER_AND_STANDARD = r"""
import sys
if sys.argv[1] == "lazy":
    from compliance.__main__ import import_libraries
    import_libraries()
else:
    import typer
import re
assert re.compile.__module__ == "re"
import gettext, io, json, json.decoder, json.encoder, json.scanner, locale, platform, textwrap, tokenize, urllib.parse
from compliance.lazy_regex import LazyPattern
from typer._click._compat import strip_ansi
from typer._completion_shared import get_completion_script

modules = [m for n, m in sorted(sys.modules.items()) if n.startswith(("typer", "platform", "locale", "textwrap",
                                                                      "tokenize", "urllib", "gettext", "json"))]
def patterns(found):
    for name, value in list(vars(found).items()):
        if isinstance(value, (re.Pattern, LazyPattern)):
            yield f"{found.__name__}.{name}", value
        elif isinstance(value, type) and value.__module__ == found.__name__:
            for inner, held in vars(value).items():
                if isinstance(held, (re.Pattern, LazyPattern)):
                    yield f"{found.__name__}.{name}.{inner}", held
held = dict(p for m in modules for p in patterns(m))
stand_ins = sorted(name for name, value in held.items() if isinstance(value, LazyPattern))
texts = ["", "3.11.7 (main, Dec  4 2023, 10:12:13) [GCC 12.2.0]", "2.6.1 (IronPython 2.6.1 (2.6.10920.0) on .NET 2.0)",
         "3.9.16 (feeb267ead3e6771d3f2f49b83e1894839f64fb7, Dec 29 2022, 14:23:21)\n[PyPy 7.3.11 with GCC 10.2.1]",
         "IronPython 1.0.60816 on .NET 2.0.50727.42", "Microsoft Windows [Version 10.0.19045.3803]",
         "GLIBC_2.36 libc.so.6 __libc_init libc_r.so.1.2", 'NAME="Debian GNU/Linux"', "VERSION_ID='12'",
         'PRETTY=a\\"b\\$c', "%s %(key)5.2f %-4d %%", "\x1b[1;31mred\x1b[0m plain", "my-prog.v2 name",
         "Hello, world!  Second-sentence here. Third?  yes\tand   tabs", "  indented\n\n\t mixed\n  lines\n",
         "# -*- coding: latin-1 -*-", "  #!python\n", "caf\u00e9 %E2%82%AC a%20b+c", "n != 1", "1.2.3-rc1+local"]
answers = []
for name, pattern in sorted(held.items()):
    for text in texts:
        data = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text
        answers.append([name, repr(pattern.search(data)), repr(pattern.match(data)), pattern.findall(data).__repr__(),
                        repr(pattern.split(data)), repr(pattern.sub(data[:0], data)), pattern.pattern.__repr__(),
                        pattern.flags, pattern.groups, dict(pattern.groupindex)])
for version in texts[1:5]:
    try:
        answers.append(repr(platform._sys_version(version)))
    except ValueError as exc:
        answers.append(repr(exc))
answers += [platform.libc_ver(), platform.python_implementation(), platform.python_version_tuple(), platform.platform()]
try:
    answers.append(platform.freedesktop_os_release())
except OSError as exc:
    answers.append(repr(exc))
answers += [platform.libc_ver(sys.executable, "glibc", "2.0"), repr(platform._comparable_version("2.36.1"))]
answers += [locale.format_string("%5.2f|%-4d|%s|%%", (3.14159, 42, "x")), locale.format_string("%(a)s %(b).1f",
            {"a": 1, "b": 2.25}), locale.format_string("%.2f", 1234567.5, grouping=True), locale.str(1.5)]
prose = " ".join(texts) * 3
for wrapper in (textwrap.TextWrapper(width=30), textwrap.TextWrapper(width=17, fix_sentence_endings=True),
                textwrap.TextWrapper(width=25, break_on_hyphens=False, expand_tabs=False)):
    answers.append(wrapper.wrap(prose))
indented, quoted, coloured = texts[14], texts[17], texts[11]
answers += [textwrap.fill(prose, 40), textwrap.shorten(prose, 60), textwrap.dedent(indented),
            textwrap.indent(indented, "> ")]
for source in (b"# -*- coding: latin-1 -*-\nx = 1\n", b"\n# coding=utf-8\n", b"\xef\xbb\xbfx = 1\n", b"x = 'a'\n"):
    answers.append(repr(tokenize.detect_encoding(io.BytesIO(source).readline)))
answers.append([t.string for t in tokenize.tokenize(io.BytesIO(b"def f(x):\n    return x + 1  # one\n").readline)])
answers += [urllib.parse.unquote(quoted), urllib.parse.unquote_plus(quoted), urllib.parse.quote(quoted)]
answers += [strip_ansi(coloured), [get_completion_script(prog_name="my-prog.v2", complete_var="_MY_PROG_COMPLETE",
                                                          shell=shell) for shell in ("bash", "zsh", "fish", "pwsh")]]
data = {"a": [1, 2.5e300, -0.0, None, True], "\u00e9\u4e2d\n\"": "\ud83d\ude00 \x7f\x00", "n": 12345678901234567890}
for encode in (json.encoder.py_encode_basestring, json.encoder.py_encode_basestring_ascii):
    answers.append([encode(text) for text in texts])
answers += [json.dumps(data), json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True),
            json.dumps(data, separators=(",", ":"), indent="\t")]
decoder = json.JSONDecoder()
scan = json.scanner.py_make_scanner(decoder)
for source, string in (('{"x": [1, -2.5e-3, "\\u00e9\\n", {}]}', 2), ("  [0, 1e5, 12.0]  ", 0), ('"a\\"b"', 1)):
    answers += [repr(json.loads(source)), repr(scan(source.strip(), 0))]
    answers += [repr(json.decoder.py_scanstring(source, string))] if string else []
plural = gettext.c2py("(n==1) ? 0 : (n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20)) ? 1 : 2")
answers.append([plural(n) for n in range(40)])
unused = [name for name in stand_ins if "compiled" not in vars(held[name])]
print(json.dumps({"stand_ins": stand_ins, "unused": unused, "answers": answers}))
"""


def test_typer_json_and_the_standard_modules_answer_as_with_their_patterns_compiled() -> None:
    """`compliance.__main__.import_libraries` makes the patterns typer (and the standard modules it brings in) and json
    compile at import lazy: every one of them, and the functions that use them, answer as in a process that imported
    typer plainly (each stand-in is tried, then compiled, by these answers)."""
    lazy, plain = (json.loads(subprocess.run([sys.executable, "-c", _TYPER_AND_STANDARD, way], capture_output=True,
                                             text=True, check=True, cwd=ROOT).stdout) for way in ("lazy", "plain"))
    assert lazy["answers"] == plain["answers"]
    assert plain["stand_ins"] == [] and lazy["unused"] == []
    assert len(lazy["stand_ins"]) >= 15, lazy["stand_ins"]
    assert "gettext._token_pattern" not in lazy["stand_ins"]  # re.finditer takes no stand-in
