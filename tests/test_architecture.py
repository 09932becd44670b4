"""The import-linter contracts of pyproject.toml ([tool.importlinter]) hold: CI's test run fails otherwise.

Layers: entry points (app.main, app.cli, app.asgi, app.models_registry) -> domains -> app.core;
app.core imports no domain; the annotator engine imports nothing of the service.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout
