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

from spacy.tokens import Doc, Token

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
        cache = self._attr_cache
        prev: Token | None = None
        for tok in doc:
            key = (tok.tag_, tok.lower_, tok.dep_, tok.is_space)
            res = cache.get(key)
            if res is None:
                res = cache[key] = self._attrs_for(*key)
            pos, morph, lemma, new_tag = res
            if prev is not None and prev.dep_ == "expl":
                for rule in self.expl_verb:
                    if _value_ok(rule["pattern"].get("LOWER"), tok.lower_):
                        pos = rule["attrs"].get("POS", pos)
            if new_tag is not None:
                tok.tag_ = new_tag
            if pos is not None:
                tok.pos_ = pos
            if morph is not None:
                tok.set_morph(morph)
            if tok.is_space and tok.dep_ not in ("", "dep"):
                tok.dep_ = "dep"
            if lemma is not None:
                tok.lemma_ = lemma
            else:
                lkey = (tok.orth, tok.pos, tok.morph.key)
                lem = self._lemma_cache.get(lkey)
                if lem is None:
                    lem = self._lemma_cache[lkey] = self.lemmatizer.rule_lemmatize(tok)[0]
                tok.lemma_ = lem
            prev = tok
        return doc
