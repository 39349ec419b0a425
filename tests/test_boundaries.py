"""Architecture boundaries: Qt only in gui, SQLAlchemy only in storage, spaCy only in nlp."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(lint).exists():
        pytest.skip("import-linter is not installed")
    result = subprocess.run([lint, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_everything_outside_the_gui_imports_without_qt():
    # pkgutil.walk_packages would import annotator.gui itself to recurse; list files instead.
    package = ROOT / "annotator"
    names = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in package.rglob("*.py")
        if "gui" not in path.relative_to(package).parts[:1]
        and "migrations" not in path.parts and path.name != "__main__.py"
    )
    result = _run(f"""
        import importlib, sys
        names = {names!r}
        for name in names:
            importlib.import_module(name)
        qt = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
        print(len(names), qt)
        assert not qt, qt
    """)
    assert result.returncode == 0, result.stderr
    count = int(result.stdout.split()[0])
    assert count >= 10  # the walk really found the packages


def test_cli_start_up_loads_neither_qt_nor_spacy():
    # Nor scikit-learn and SciPy (a second to import): only training and linking need them.
    result = _run("""
        import sys
        import annotator.cli, annotator.ops, annotator.storage
        heavy = sorted({m.split(".")[0] for m in sys.modules}
                       & {"PySide6", "spacy", "thinc", "sklearn", "scipy"})
        assert not heavy, heavy
    """)
    assert result.returncode == 0, result.stderr
