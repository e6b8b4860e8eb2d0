"""The house keeps its shape: rooms without cycles, blueprints apart, small modules and
functions, one spelling of every status, and the unit of work alone ending transactions."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from models import statuses

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("app", "bookings", "models", "demo")


def _lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=tree, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the code and its contracts, to break on purpose."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_import_contracts_hold(tree):
    checked = _lint_imports(tree)
    assert checked.returncode == 0, checked.stdout


def test_a_room_that_imports_a_room_above_it_breaks_the_contract(tree):
    """seats → messages closes a cycle (messages answers offers through seats)."""
    with (tree / "bookings/seats/ledger.py").open("a") as module:
        module.write("\nfrom bookings.messages import queue  # noqa: E402, F401\n")
    checked = _lint_imports(tree)
    assert checked.returncode == 1
    assert "The rooms of the domain" in checked.stdout and "BROKEN" in checked.stdout
    assert "bookings.seats.ledger -> bookings.messages.queue" in checked.stdout


def test_a_blueprint_that_imports_another_breaks_the_contract(tree):
    with (tree / "app/manage/forms.py").open("a") as module:
        module.write("\nfrom app.auth import forms as auth_forms  # noqa: E402, F401\n")
    checked = _lint_imports(tree)
    assert checked.returncode == 1
    assert "app.manage is not allowed to import app.auth" in checked.stdout


def _modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_no_module_of_the_domain_is_over_450_lines_nor_a_function_over_60():
    long_modules, long_functions = [], []
    for path, module in _modules("bookings"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > 450:
            long_modules.append(f"{path.relative_to(ROOT)}: {lines}")
        for node in ast.walk(module):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    long_functions.append(f"{path.relative_to(ROOT)}:{node.name}: {length}")
    assert long_modules == [] and long_functions == []


#: Every booking status: these words are written once, in ``models/statuses.py``.
BOOKING_STATUSES = {str(status) for status in statuses.BookingStatus}


def test_booking_statuses_are_spelled_only_in_their_enumeration():
    spelled = []
    for package in PACKAGES:
        for path, module in _modules(package):
            if path == ROOT / "models/statuses.py":
                continue
            for node in ast.walk(module):
                if isinstance(node, ast.Constant) and node.value in BOOKING_STATUSES:
                    spelled.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert spelled == []


#: Calls whose string arguments are words for people (msgids), not codes.
_GETTEXT = {"_", "gettext", "ngettext", "pgettext", "npgettext"}


def test_templates_compare_with_the_status_enumerations_and_never_spell_them():
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    spelled = []
    for path in sorted((ROOT / "templates").rglob("*.*")):
        tree = environment.parse(path.read_text(encoding="utf-8"))
        words = {
            id(arg)
            for call in tree.find_all(jinja2.nodes.Call)
            if isinstance(call.node, jinja2.nodes.Name) and call.node.name in _GETTEXT
            for arg in call.args
        }
        for const in tree.find_all(jinja2.nodes.Const):
            if const.value in BOOKING_STATUSES and id(const) not in words:
                spelled.append(f"{path.relative_to(ROOT)}:{const.lineno}: {const.value!r}")
    assert spelled == []


def test_only_the_unit_of_work_ends_a_transaction_by_hand():
    """Use cases never call ``end_reads``: the unit of work begins, commits and ends."""
    calls = []
    for package in PACKAGES:
        for path, module in _modules(package):
            if path.is_relative_to(ROOT / "bookings/unit"):
                continue
            for node in ast.walk(module):
                if isinstance(node, ast.Name | ast.Attribute):
                    name = node.id if isinstance(node, ast.Name) else node.attr
                    if name == "end_reads":
                        calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert calls == []


def test_the_map_names_every_room_and_every_module_of_the_domain():
    """ARCHITECTURE.md is the next person's map: each package of ``bookings/`` and each of its
    modules appears in it (a room as ``name/``, a module as ``name``, in backquotes)."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set()
    for chunk in text.split("`")[1::2]:
        named |= {word.strip("/").removesuffix(".py") for word in chunk.replace(",", " ").split()}
        named.add(chunk.strip("/").removesuffix(".py"))
    missing = []
    for path in sorted((ROOT / "bookings").rglob("*.py")):
        if path.name == "__init__.py":
            continue
        if path.stem not in named:
            missing.append(str(path.relative_to(ROOT)))
    for folder in sorted(p for p in (ROOT / "bookings").iterdir() if (p / "__init__.py").exists()):
        if folder.name not in named:
            missing.append(f"{folder.relative_to(ROOT)}/")
    assert missing == [], f"ARCHITECTURE.md does not name {missing}"
