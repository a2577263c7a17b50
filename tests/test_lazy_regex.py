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
