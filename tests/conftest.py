"""Shared fixtures: the shipped catalog, the engine-test catalog, a CLI runner, and golden-file comparison."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.rulesets import Catalog, load_catalog

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
TEST_RULESETS = TESTS / "rulesets"
EXAMPLE = ROOT / "examples" / "medtriage" / "card.yaml"


def assert_golden(path: Path, actual: str | bytes) -> None:
    """`actual` equals the golden file at `path`; with COMPLIANCE_UPDATE_GOLDEN=1 the file is written first
    (then review the diff)."""
    if os.environ.get("COMPLIANCE_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(actual, bytes):
            path.write_bytes(actual)
        else:
            path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}; run with COMPLIANCE_UPDATE_GOLDEN=1"
    expected = path.read_bytes() if isinstance(actual, bytes) else path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs; if intended, regenerate with COMPLIANCE_UPDATE_GOLDEN=1 " \
                               "and review the diff"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the catalog cache of the test run, and its secret, out of the user's folders."""
    import os
    private = {"COMPLIANCE_CACHE_DIR": str(tmp_path_factory.mktemp("cache")),
               "XDG_STATE_HOME": str(tmp_path_factory.mktemp("state"))}
    previous = {name: os.environ.get(name) for name in private}
    os.environ.update(private)
    yield
    for name, value in previous.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def demo_catalog() -> Catalog:
    return load_catalog(TEST_RULESETS)


@pytest.fixture
def demo_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run CLI commands against the engine-test rulesets."""
    monkeypatch.setenv("COMPLIANCE_RULESETS", str(TEST_RULESETS))
    yield


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def words(reason: object, lang: str = "en") -> str:
    """The words of a JSON reason ({code, params}) in a language, as every report prints them."""
    from compliance.model import Reason
    from compliance.report.locale import locale

    assert isinstance(reason, dict)
    return locale(lang).reason(Reason(reason["code"], reason["params"]))
