"""Actor mentions: find them, cluster them into actors, map tokens to actors.

Sources, in order: NER persons (with titles), known international bodies,
persons NER missed, NER organisations and places, country names NER missed,
and noun phrases for government bodies, courts and the generic state ("the
government", "Pakistani authorities"). Unnamed groups are made on demand by
the event and statement rules (groups.make_group).
"""

from __future__ import annotations

from spacy.tokens import Doc

from .bodies import scan_bodies, scan_countries, scan_entities, scan_named_orgs, scan_noun_phrases
from .countries import dateline_country as _dateline_country
from .groups import make_group
from .nlp import text_of
from .persons import persons_tagged_org, scan_persons, scan_surnames, scan_untagged_persons
from .registry import Actor, Mention, Registry, headline_end
from .seats import merge_seats

__all__ = ["Actor", "Mention", "Registry", "build", "dateline_country", "headline_end", "make_group"]


def dateline_country(doc: Doc) -> str | None:
    return _dateline_country(text_of(doc))


def build(doc: Doc, home: str | None) -> Registry:
    reg = Registry(doc, home)
    ents = list(doc.ents)
    # 'the charity X': a name typed by the noun before it, before NER calls it a person
    scan_named_orgs(doc, reg)
    # persons first, so a later surname tagged ORG still resolves to the person
    surnames = scan_persons(doc, reg, ents)
    # known international bodies by lexicon, before NER's guesses
    scan_bodies(doc, reg)
    scan_untagged_persons(doc, reg, surnames)
    scan_surnames(doc, reg, surnames)
    scan_entities(doc, reg, ents, surnames)
    scan_countries(doc, reg)
    scan_noun_phrases(doc, reg, home)
    persons_tagged_org(doc, reg)
    merge_seats(reg)
    reg.mentions.sort(key=lambda m: m.start)
    return reg
