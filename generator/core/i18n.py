"""Languages and bilingual text: every label, flag and problem speaks Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")


@dataclass(frozen=True)
class Bilingual:
    """One piece of text in both of the product's languages."""

    zh: str
    en: str

    def __call__(self, lang: Language) -> str:
        """Return the text in `lang`."""
        return self.zh if lang == "zh" else self.en

    def to_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


def parse_language(value: str) -> Language:
    """Map a user-supplied language name to a supported language, or raise ValueError."""
    lowered = value.strip().lower()
    if lowered in ("zh", "zh-cn", "zh_cn", "cn", "chinese", "中文"):
        return "zh"
    if lowered in ("en", "en-us", "en_us", "en-gb", "english"):
        return "en"
    raise ValueError(f"unknown language {value!r}: use zh or en")
