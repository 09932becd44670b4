"""The pure helpers' unit tests run without spaCy: importing what they test loads none of it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
from tests.unit.pure import load
for name in ("dates", "countries", "numbers"):
    load(name)
import app.core.errors, app.core.pagination
import tests.unit.test_dates, tests.unit.test_countries, tests.unit.test_numbers
import tests.unit.test_pagination, tests.unit.test_errors, tests.unit.test_fulltext
loaded = sorted(m for m in sys.modules if m == "spacy" or m.startswith(("spacy.", "app.annotator")))
print(",".join(loaded))
"""


def test_the_unit_tests_import_no_spacy():
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "", f"loaded: {run.stdout.strip()}"
