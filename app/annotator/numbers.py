"""People counts: 'up to 250', 'about 60', 'a first group of 16', 'five men'."""

from __future__ import annotations

import re

from spacy.tokens import Token

# fmt: off
WORDS = {
    'one': 1, 'two': 2, 'three': 3, 'four': 4, 'five': 5, 'six': 6, 'seven': 7, 'eight': 8, 'nine': 9,
    'ten': 10, 'eleven': 11, 'twelve': 12, 'thirteen': 13, 'fourteen': 14, 'fifteen': 15, 'sixteen': 16,
    'seventeen': 17, 'eighteen': 18, 'nineteen': 19, 'twenty': 20, 'thirty': 30, 'forty': 40, 'fifty': 50,
    'hundred': 100, 'dozen': 12,
}
# fmt: on
# fmt: off
PEOPLE = {
    'afghan', 'applicant', 'asylum', 'child', 'citizen', 'demonstrator', 'deportee', 'detainee', 'eritrean',
    'family', 'foreigner', 'immigrant', 'individual', 'man', 'migrant', 'minor', 'national', 'passenger',
    'people', 'person', 'prisoner', 'protester', 'refugee', 'returnee', 'seeker', 'student', 'sudanese',
    'supporter', 'survivor', 'syrian', 'venezuelan', 'woman', 'worker',
}
# fmt: on
# fmt: off
VAGUE = {
    'dozens', 'hundreds', 'many', 'millions', 'several', 'some', 'tens', 'thousands',
}
# fmt: on


def value(tok: Token) -> int | None:
    t = tok.text.lower().replace(",", "")
    if t in WORDS:
        return WORDS[t]
    if re.fullmatch(r"\d+(\.\d+)?", t):
        v = float(t)
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ in ("million", "m"):
            v *= 1_000_000
        elif nxt is not None and nxt.lower_ == "thousand":
            v *= 1000
        return int(v)
    return None


def _is_people(tok: Token) -> bool:
    lem = tok.lemma_.lower()
    return lem in PEOPLE or tok.lower_ in PEOPLE or (tok.tag_ == "NNPS")


def people_count(tokens: list[Token]) -> int | None:
    """First stated number of people among the tokens of an event clause."""
    for tok in tokens:
        if not tok.like_num or tok.ent_type_ in ("MONEY", "DATE", "TIME", "PERCENT", "ORDINAL"):
            continue
        v = value(tok)
        if v is None or v < 2:
            continue
        head = tok.head
        while head.dep_ == "compound" or head.lower_ in ("million", "thousand"):
            head = head.head
        prev = tok.doc[tok.i - 1].lower_ if tok.i else ""
        prev2 = tok.doc[tok.i - 2].lower_ if tok.i > 1 else ""
        if prev == "than" or prev in VAGUE:
            continue
        # populations: 'a country of about 2.4 million people'
        if prev == "of" or (prev in ("about", "around", "some", "nearly") and prev2 == "of"):
            grp = tok.doc[tok.i - 2] if prev == "of" else tok.doc[tok.i - 3]
            if grp.lower_ not in ("group", "batch", "total"):
                continue
            return v
        if _is_people(head):
            return v
        if head.lower_ in ("group", "batch") and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in head.children
        ):
            return v
    return None
