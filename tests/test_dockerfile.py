"""The Dockerfile passes hadolint and keeps its promises (no Docker engine here to build it)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"


def test_hadolint_passes():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    result = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_multi_stage_non_root_with_healthcheck():
    text = DOCKERFILE.read_text()
    assert text.count("\nFROM ") + text.startswith("FROM ") >= 2, "multi-stage build expected"
    assert "\nUSER 10001" in text
    assert "HEALTHCHECK" in text and "/health/ready" in text
    assert "--require-hashes" in text
    # The command applies migrations before serving.
    assert '"app", "serve"' in text


def test_runtime_files_exist():
    for name in ("requirements/app.lock", "alembic.ini", "migrations", "app", "pyproject.toml", "README.md"):
        assert (ROOT / name).exists(), name
