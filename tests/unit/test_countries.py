"""app/annotator/countries.py: names, demonyms, capitals and datelines to ISO 3166-1 alpha-3."""

import pytest

from tests.unit.pure import load

countries = load("countries")


@pytest.mark.parametrize(
    ("name", "code"),
    [("Rwanda", "RWA"), ("the United States", "USA"), ("rwanda", "RWA"), ("Côte d'Ivoire", "CIV")],
)
def test_country_code(name, code):
    assert countries.country_code(name) == code


def test_unknown_names_have_no_code():
    assert countries.country_code("Atlantis") is None
    assert countries.demonym_code("Atlantean") is None
    assert countries.capital_code("Nowhere") is None


def test_demonym_and_capital():
    assert countries.demonym_code("Rwandan") == "RWA"
    assert countries.capital_code("Kigali") == "RWA"
    assert countries.demonym_of("RWA") == "Rwandan"


def test_short_names():
    assert countries.short_name("USA") == "United States"
    assert countries.short_name("GBR") == "United Kingdom"
    assert countries.short_name("RWA") == "Rwanda"


def test_dateline_country():
    assert countries.dateline_country("KIGALI, May 5 (Reuters) - Rwanda said ...") == "RWA"
    assert countries.dateline_country("GENEVA, July 16 — The UN said ...") == "CHE"
    assert countries.dateline_country("Rwanda said on Monday ...") is None
