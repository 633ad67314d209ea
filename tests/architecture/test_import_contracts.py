"""The ladder of apps (jbgs <- auction <- challenge <- sessions_mgmt <- transformation, config above them all)
is a contract in pyproject.toml, checked by import-linter. These tests run the checker on
the tree, and on a copy of it with one import planted up the ladder, to show a break fails."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "jbgs", "auction", "challenge", "sessions_mgmt", "transformation")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def tree(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "migrations", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def plant(path: Path, line: str) -> None:
    path.write_text(path.read_text() + f"\n{line}  # planted by the test\n")


def test_the_tree_keeps_every_import_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_the_kernel_importing_an_app_breaks_the_ladder(tree):
    plant(tree / "jbgs" / "forms.py", "from auction import selectors")
    result = lint(tree)
    assert result.returncode == 1
    assert "ladder" in result.stdout and "BROKEN" in result.stdout
    assert "jbgs.forms -> auction.selectors" in result.stdout


def test_the_auction_importing_the_demand_side_breaks_the_ladder(tree):
    plant(tree / "auction" / "rules.py", "import challenge.apps")
    result = lint(tree)
    assert result.returncode == 1 and "auction.rules -> challenge.apps" in result.stdout


def test_an_app_importing_the_project_wiring_breaks_its_contract(tree):
    plant(tree / "auction" / "views" / "common.py", "from config import settings")
    result = lint(tree)
    assert result.returncode == 1
    assert "No app imports the project wiring (config) BROKEN" in result.stdout


def test_the_sessions_importing_patent_transformation_breaks_the_ladder(tree):
    plant(tree / "sessions_mgmt" / "metrics.py", "from transformation import selectors")
    result = lint(tree)
    assert result.returncode == 1 and "sessions_mgmt.metrics -> transformation.selectors" in result.stdout
