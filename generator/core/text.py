"""How winplan compares text a person typed: one folding for labels, headers and codes, one for names.

Both apply NFKC first, so full-width letters and digits (ＡＢＣ１２３, common with Chinese input methods) and
compatibility forms compare like their plain forms, then case-fold.
"""

from __future__ import annotations

import functools
import unicodedata


@functools.lru_cache(maxsize=4096)  # the same labels and headers come back for every workbook
def fold(text: str) -> str:
    """A label, header or code as compared: NFKC, no whitespace at all, case-folded ("Technical  Exchange",
    "technical_exchange" aside, "ＴｅｃｈｎｉｃａｌＥｘｃｈａｎｇｅ" and "technicalexchange" fold alike)."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def fold_words(text: str) -> str:
    """A name (customer, project) as compared: NFKC, case-folded, each run of whitespace as one space, so words
    stay apart ("Acme  Corp" is "acme corp", not "acmecorp")."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
