"""Load the annotator's pure helpers without loading spaCy.

``import app.annotator.dates`` would run ``app/annotator/__init__.py``, which
imports the whole pipeline and spaCy with it; these helpers need neither. So
each module is loaded from its file, on its own. ``numbers.py`` imports
``spacy.tokens.Token`` for its type hints only: a stand-in serves while it loads.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "app" / "annotator"


def load(name: str) -> types.ModuleType:
    qualified = f"pure_annotator_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, ENGINE / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    stand_in = types.ModuleType("spacy.tokens")
    stand_in.Token = object  # type: ignore[attr-defined]
    saved = sys.modules.get("spacy.tokens")
    sys.modules["spacy.tokens"] = saved or stand_in
    try:
        spec.loader.exec_module(module)
    finally:
        if saved is None:
            del sys.modules["spacy.tokens"]
    sys.modules[qualified] = module
    return module
