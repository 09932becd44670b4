"""A faster stand-in for the model's attribute_ruler + lemmatizer.

The model's attribute_ruler runs a Matcher with ~180 token patterns over every
token, and the lemmatizer walks every token in Python; together they cost as
much as the parser. Both are deterministic functions of a token's tag, lower
form, dependency label and morphology, so we evaluate the same patterns once
per distinct (tag, lower, dep, space) key and the same lemma rules once per
(text, pos, morph) key, and reuse the results. The output is the same as the
original components (checked in tests/annotation/test_nlp.py); only the
two-token colloquial lemma patterns ("gonna", "ain't") are left out, which
newswire does not use.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

_Attrs = tuple[str | None, str | None, str | None, str | None]  # POS, MORPH, LEMMA, TAG


def _value_ok(spec: Any, value: Any) -> bool:
    if isinstance(spec, dict):
        if "IN" in spec:
            return value in spec["IN"]
        if "NOT_IN" in spec:
            return value not in spec["NOT_IN"]
        if "REGEX" in spec:
            return re.search(spec["REGEX"], value) is not None
        return False
    return spec == value


class FastAttributes:
    def __init__(self, ruler_patterns: list[dict], lemmatizer) -> None:
        self.single: list[tuple[dict, dict]] = []
        self.expl_verb: list[dict] = []  # 'there is': the verb after an expletive
        for p in ruler_patterns:
            pat = p["patterns"][0]
            if len(pat) == 1:
                self.single.append((pat[0], p["attrs"]))
            elif pat[0].get("DEP") == "expl" and p.get("index") == 1:
                self.expl_verb.append({"pattern": pat[1], "attrs": p["attrs"]})
        self.lemmatizer = lemmatizer
        self._attr_cache: dict[tuple, _Attrs] = {}
        self._lemma_cache: dict[tuple, str] = {}

    def _attrs_for(self, tag: str, lower: str, dep: str, space: bool) -> _Attrs:
        values = {"TAG": tag, "LOWER": lower, "DEP": dep, "IS_SPACE": space}
        pos = morph = lemma = new_tag = None
        for pat, attrs in self.single:  # later patterns win, as in AttributeRuler
            if all(_value_ok(spec, values[k]) for k, spec in pat.items()):
                pos = attrs.get("POS", pos)
                morph = attrs.get("MORPH", morph)
                lemma = attrs.get("LEMMA", lemma)
                new_tag = attrs.get("TAG", new_tag)
        return pos, morph, lemma, new_tag

    def __call__(self, doc: Doc) -> Doc:
        # Integer keys and pre-hashed values: string conversions dominate the cost otherwise.
        cache = self._attr_cache
        strings = doc.vocab.strings
        morphology = doc.vocab.morphology
        lemma_cache = self._lemma_cache
        after_expl = False
        for tok in doc:
            key = (tok.tag, tok.lower, tok.dep, tok.is_space)
            res = cache.get(key)
            if res is None:
                pos, morph, lemma, new_tag = self._attrs_for(tok.tag_, tok.lower_, tok.dep_, tok.is_space)
                res = cache[key] = (
                    POS_IDS[pos] if pos is not None else None,
                    morphology.add(morph) if morph is not None else None,
                    strings.add(lemma) if lemma is not None else None,
                    strings.add(new_tag) if new_tag is not None else None,
                )
            pos_id, morph_hash, lemma_hash, tag_hash = res
            if after_expl:
                for rule in self.expl_verb:
                    if _value_ok(rule["pattern"].get("LOWER"), tok.lower_) and "POS" in rule["attrs"]:
                        pos_id = POS_IDS[rule["attrs"]["POS"]]
            if tag_hash is not None:
                tok.tag = tag_hash
            if pos_id is not None:
                tok.pos = pos_id
            if morph_hash is not None:
                tok.set_morph(morph_hash)
            if tok.is_space and tok.dep_ not in ("", "dep"):
                tok.dep_ = "dep"
            if lemma_hash is not None:
                tok.lemma = lemma_hash
            else:
                lkey = (tok.orth, tok.pos, tok.morph.key)
                lem = lemma_cache.get(lkey)
                if lem is None:
                    lem = lemma_cache[lkey] = strings.add(self.lemmatizer.rule_lemmatize(tok)[0])
                tok.lemma = lem
            after_expl = tok.dep_ == "expl"
        return doc
