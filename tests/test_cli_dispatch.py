"""`main` runs `compliance CMD ...` through an app that carries CMD alone (issue 19: typer builds a click command
for every registered command on each run). What it prints must not change: each case runs the real entry point
(`python -m compliance`, a subprocess) and compares it with the full `app` invoked in-process."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import typer
import typer.core
import typer.main
from typer.testing import CliRunner

from compliance.cli import app, app_for, command_name

from .conftest import ROOT

PROG = "python -m compliance"   # what click calls the program when run with -m
COLUMNS = "100"
COMMANDS = sorted(typer.main.get_command_name(info.callback.__name__) for info in app.registered_commands
                  if info.callback is not None)
GROUPS = sorted(str(group.name) for group in app.registered_groups)


def plain(text: str) -> str:
    """Without colours (the comparisons keep them: FORCE_COLOR or GITHUB_ACTIONS colour both sides alike)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def real(*args: str) -> subprocess.CompletedProcess[str]:
    """The entry point as a user runs it."""
    env = {**os.environ, "COLUMNS": COLUMNS}
    return subprocess.run([sys.executable, "-m", "compliance", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, check=False, timeout=120)


def full(*args: str) -> tuple[int, str, str]:
    """The full `app`: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, list(args), prog_name=PROG, env={"COLUMNS": COLUMNS})
    return result.exit_code, result.stdout, result.stderr


def test_the_commands_are_known() -> None:
    assert {"check", "scope", "validate", "explain", "dossier"} <= set(COMMANDS)
    assert GROUPS == ["evidence", "rulesets"]


@pytest.mark.parametrize("command", COMMANDS + GROUPS)
def test_help_of_every_command_reads_as_from_the_full_app(command: str) -> None:
    ran = real(command, "--help")
    code, out, err = full(command, "--help")
    assert (ran.returncode, ran.stdout, ran.stderr) == (code, out, err) == (0, out, "")
    assert f"Usage: {PROG} {command} [OPTIONS]" in plain(out)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_option_reads_as_from_the_full_app(command: str) -> None:
    ran = real(command, "--no-such-option")
    code, out, err = full(command, "--no-such-option")
    assert (ran.returncode, ran.stdout, ran.stderr) == (code, out, err)
    assert code == 2 and "No such option: --no-such-option" in plain(err) and f"Usage: {PROG} {command} " in plain(err)


@pytest.mark.parametrize("args", [
    ("check", str(ROOT / "no-such-card.yaml"), "-f", "json"),         # a domain error: one line, exit 2
    ("check", str(ROOT / ("x" * 300 + ".yaml"))),                     # the file system refuses the name
    ("check", str(ROOT / "examples"), "-f", "sarif", "--jobs", "0"),  # a bad value
    ("schema", "nothing"),
    ("explain",),                                                     # a missing argument
])
def test_errors_read_as_from_the_full_app(args: tuple[str, ...]) -> None:
    ran = real(*args)
    code, out, err = full(*args)
    assert (ran.returncode, ran.stdout, ran.stderr) == (code, out, err)
    assert code == 2 and err


def test_a_command_runs_as_from_the_full_app() -> None:
    args = ("schema", "assessment")
    ran = real(*args)
    assert (ran.returncode, ran.stdout, ran.stderr) == full(*args)
    assert ran.returncode == 0 and ran.stdout.startswith("{")


@pytest.mark.parametrize("args", [("--version", "check", "card.yaml"), ("--version",), ()])
def test_top_level_options_and_no_command_read_as_from_the_full_app(args: tuple[str, ...]) -> None:
    ran = real(*args)
    assert (ran.returncode, ran.stdout, ran.stderr) == full(*args)


def test_the_top_level_help_lists_every_command() -> None:
    ran = real("--help")
    assert (ran.returncode, ran.stdout, ran.stderr) == full("--help")
    listed = {line.strip("│ ").split(" ")[0] for line in plain(ran.stdout).splitlines()}
    assert set(COMMANDS + GROUPS) <= listed, set(COMMANDS + GROUPS) - listed


def test_a_command_runs_alone_and_everything_else_runs_the_full_app(monkeypatch: pytest.MonkeyPatch) -> None:
    for args, name in ((["check", "card.yaml"], "check"), (["--version", "scope"], "scope"),
                       (["dossier", "--help"], "dossier")):
        one = app_for(args)
        assert one is not app
        group = typer.main.get_command(one)
        assert isinstance(group, typer.core.TyperGroup) and type(group) is type(typer.main.get_command(app))
        assert list(group.commands) == [name] and [p.name for p in group.params] == ["version"]
    for args in ([], ["--help"], ["--help", "check"], ["rulesets", "list"], ["evidence"], ["chek"], ["--", "check"],
                 ["-x", "check"]):
        assert app_for(args) is app, args
    monkeypatch.setenv("_COMPLIANCE_COMPLETE", "bash_complete")
    assert app_for(["check"]) is app


def option(*decls: str, **settings: object) -> typer.core.TyperOption:
    return typer.core.TyperOption(param_decls=list(decls), **settings)  # type: ignore[arg-type]


@pytest.mark.parametrize(("args", "expected"), [
    (["check", "card.yaml"], "check"),
    (["--lang", "zh", "check"], "check"),
    (["--lang", "check", "scope"], "scope"),        # --lang takes `check` as its value
    (["--lang=zh", "check"], "check"),
    (["-Lzh", "check"], "check"),
    (["-L", "zh", "--no-color", "check", "--lang", "x"], "check"),
    (["--pair", "a", "b", "check"], "check"),
    (["--color", "check"], "check"),
    (["--no-color", "-v", "-v", "check"], "check"),
    (["--lang"], None),
    ([], None),
    (["--help", "check"], None),
    (["--", "check"], None),
    (["--no-color=1", "check"], None),
    (["-vv", "check"], None),
    (["--unknown", "check"], None),
    (["-"], "-"),
])
def test_the_command_name_is_found_after_the_callback_options(args: list[str], expected: str | None) -> None:
    params = [option("--lang", "-L"), option("--color/--no-color", is_flag=True), option("-v", count=True),
              option("--pair", nargs=2)]
    assert command_name(args, params) == expected



@pytest.mark.parametrize("args", [["schema", "assessment"], ["--help"]])
def test_main_builds_only_the_command_it_runs(args: list[str], monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The point of it: `schema` builds one click command; the top-level help builds them all."""
    from compliance.cli import main

    built: list[str] = []
    build = typer.main.get_command_from_info

    def counted(command_info: typer.models.CommandInfo, **settings: typer.main.MarkupMode) -> object:
        command = build(command_info, **settings)  # type: ignore[arg-type]
        built.append(str(command.name))
        return command

    monkeypatch.setattr(typer.main, "get_command_from_info", counted)
    monkeypatch.setattr(sys, "argv", ["compliance", *args])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 0 and capsys.readouterr().out
    if args[0] == "schema":
        assert built == ["schema"]
    else:
        assert set(COMMANDS) < set(built) and {"list", "scaffold"} <= set(built)


def test_check_runs_without_the_other_commands() -> None:
    """`main` gives `check` its own app: the module defining the other commands is not imported."""
    code = ("import sys\nsys.argv = ['compliance', 'check', '--help']\nfrom compliance.cli_check import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint('compliance.cli' in sys.modules, file=sys.stderr)\n")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False,
                         timeout=120, env={**os.environ, "COLUMNS": COLUMNS})
    assert ran.stderr.splitlines()[-1] == "False" and "Usage:" in ran.stdout
