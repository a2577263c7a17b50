"""Where the cache and its secret are kept: $COMPLIANCE_CACHE_DIR, else $XDG_CACHE_HOME/compliance, else
~/.cache/compliance; the secret in $XDG_STATE_HOME/compliance, else ~/.local/state/compliance."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance import catalog_cache

KEY = "0" * 64


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("COMPLIANCE_CACHE_DIR", "COMPLIANCE_NO_CACHE", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _written(kind: str = "document") -> list[Path]:
    catalog_cache.write_sealed(KEY, b"content", kind, ".json")
    assert catalog_cache.read_sealed(KEY, kind, ".json") == b"content"
    return sorted(p for p in Path(catalog_cache._directory() or "").iterdir())


def test_the_cache_and_its_secret_are_under_home_by_default(home: Path) -> None:
    assert _written() == [home / ".cache" / "compliance" / f"document-{KEY}.json"]
    secret = home / ".local" / "state" / "compliance" / "catalog-cache.key"
    assert secret.is_file() and secret.stat().st_mode & 0o777 == 0o600
    assert secret.parent.stat().st_mode & 0o777 == 0o700


def test_the_variables_name_the_folders(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    assert _written() == [tmp_path / "xdg-cache" / "compliance" / f"document-{KEY}.json"]
    assert (tmp_path / "xdg-state" / "compliance" / "catalog-cache.key").is_file()
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "own"))
    assert _written("outline") == [tmp_path / "own" / f"outline-{KEY}.json"]
    assert not home.exists()


def test_no_home_is_what_pathlib_says_of_it(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOME")
    monkeypatch.setattr("os.path.expanduser", lambda path: path)  # no home directory to be found
    with pytest.raises(RuntimeError) as ours:
        catalog_cache.enabled()
    with pytest.raises(RuntimeError) as theirs:
        Path.home()
    assert str(ours.value) == str(theirs.value)
