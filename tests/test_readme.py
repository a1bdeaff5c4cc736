"""The README's two headline commands: the quick start (a venv, install, demo) for every system, and the test
command that .ci/run runs word for word."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEST_COMMAND = 'pip install -e ".[test]" && python -m pytest'


def code_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```[^\n]*\n(.*?)```", text, re.DOTALL)]


def test_quick_start_makes_a_venv_then_installs_and_runs_the_demo() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme[readme.index("## Dùng thử"):readme.index("## Các lệnh")]
    posix, windows = code_blocks(quick)[:2]
    for command, activate in ((posix, ". .venv/bin/activate"), (windows, r".venv\Scripts\activate")):
        steps = [step.strip() for line in command.splitlines() for step in line.split("&&")]
        assert steps[0].endswith("-m venv .venv") and steps[1] == activate, command
        assert steps[2:] == ["pip install .", "parxl demo"], command


def test_the_test_command_is_the_one_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert TEST_COMMAND in code_blocks(readme)
    ci = REPO / ".ci" / "run"
    if ci.exists():
        assert TEST_COMMAND in ci.read_text(encoding="utf-8").replace("-q ", "")
