"""What the tokenizer is given: the text, with over-long chunks broken up, offsets unchanged.

spaCy's tokenizer strips a chunk's prefixes and suffixes one at a time and searches the
rest of the chunk again after each one, so a chunk of thousands of symbols without a
space ("$$$...", "((((...", a row of emoji or quotation marks) costs time quadratic in its
length: 8,000 characters took 20 s here, and the article limit allows 200,000 (the same
behaviour as explosion/spaCy#4362). No word is that long: inside a chunk of more than
MAX_CHUNK characters, one character in every MAX_CHUNK + 1 becomes a space. The copy has
the length and the offsets of the text, so every span still indexes the caller's text,
which is what the annotator reads spans from (``doc.user_data["text"]``).
"""

from __future__ import annotations

import re

# Longer than words and than most links in article text; short enough that a chunk's
# quadratic cost stays small (a 100-character chunk of symbols tokenizes in ~5 ms).
MAX_CHUNK = 100
_LONG = re.compile(rf"\S{{{MAX_CHUNK + 1},}}")


def _break(m: re.Match[str]) -> str:
    chunk = list(m.group())
    # Never the last character, so the chunk still ends where it did.
    for i in range(MAX_CHUNK, len(chunk) - 1, MAX_CHUNK + 1):
        chunk[i] = " "
    return "".join(chunk)


def breakable(text: str) -> str:
    """`text` itself when it has no chunk over MAX_CHUNK (nearly always), else a same-length copy."""
    return _LONG.sub(_break, text) if _LONG.search(text) else text
