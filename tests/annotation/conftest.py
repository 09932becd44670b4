"""Shared fixtures for the annotator tests (real spaCy model, no mocks)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from app.annotator import load

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
# /work/main/tests/annotation -> parents[2] is the repo; its parent holds shared/
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "article.txt"


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: annotates a whole folder of articles (a few seconds)")


@pytest.fixture(scope="session", autouse=True)
def model():
    load()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "score.py").exists():
        pytest.skip(f"development corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def score_module(corpus_dir):
    spec = importlib.util.spec_from_file_location("corpus_score", corpus_dir / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
