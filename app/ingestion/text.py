"""Turn what a client posted into the text we store; all spans index into it.

Plain text is kept as sent. HTML goes through trafilatura's article extraction.

Raises :class:`TextRejected` with a reason for input that is not an article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

_HTML_HINT = re.compile(r"<\s*(html|body|article|p|div|br|span|h[1-6]|head|section)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


class TextRejected(ValueError):
    def __init__(self, status: int, slug: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.slug, self.detail = status, slug, detail


@dataclass(frozen=True)
class CleanText:
    text: str
    source_format: str  # "text" or "html"
    content_hash: str
    word_count: int


def looks_like_html(raw: str) -> bool:
    return bool(_HTML_HINT.search(raw[:5000]))


def html_to_text(raw: str) -> str:
    import trafilatura

    text = trafilatura.extract(raw, include_comments=False, include_tables=False, favor_recall=True)
    if not text:
        # Short or unusual pages: trafilatura's baseline keeps every paragraph.
        from trafilatura import baseline

        doc = raw if re.search(r"<\s*html", raw, re.I) else f"<html><body>{raw}</body></html>"
        _, text, _ = baseline(doc)
    return text or ""


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def content_hash(text: str) -> str:
    """The idempotency key: same words in the same order, whatever the spacing or case."""
    key = " ".join(text.casefold().split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def clean(raw: str, fmt: str, *, max_chars: int, max_words: int) -> CleanText:
    if "\x00" in raw:
        raise TextRejected(422, "invalid-text", "The text contains NUL bytes; send UTF-8 text.")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise TextRejected(422, "invalid-text", "The text is not valid Unicode (lone surrogates).") from exc
    if not raw.strip():
        raise TextRejected(422, "empty-text", "The text is empty.")
    if len(raw) > max_chars * 3:
        raise TextRejected(413, "article-too-long", f"The article is over {max_chars} characters.")
    is_html = fmt == "html" or (fmt == "auto" and looks_like_html(raw))
    # Plain text is stored byte for byte so that spans match the client's own copy.
    text = normalise(html_to_text(raw)) if is_html else raw
    controls = len(_CONTROL.findall(text))
    replacement = text.count("\ufffd")
    if controls or replacement > max(3, len(text) // 100):
        raise TextRejected(422, "binary-text", "The text looks like binary data, not an article.")
    if len(text) > max_chars:
        raise TextRejected(
            413, "article-too-long", f"The article is {len(text)} characters; the limit is {max_chars}."
        )
    words = text.split()
    if len(words) > max_words:
        raise TextRejected(
            413, "article-too-long", f"The article has {len(words)} words; the limit is {max_words}."
        )
    if len(_WORD.findall(text)) < 3:
        raise TextRejected(422, "no-sentences", "The text holds no sentences to annotate.")
    return CleanText(text, "html" if is_html else "text", content_hash(text), len(words))
