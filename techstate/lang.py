"""Mark Chinese text in generated HTML, so screen readers and fonts treat it as Chinese.

Without a language tag a screen reader reads 阿里巴巴 with the page's English voice, and a
browser may draw the characters with a Japanese font (WCAG 3.1.2, language of parts).

Which script a run is written in is read from the characters themselves: a character that
the traditional character set Big5 has and the simplified set GB 2312 lacks (網, 華) marks
traditional Chinese, and the reverse (网, 华) simplified. Kana mark Japanese, whose kanji
are Han characters too. A run with no telling character takes the verdict of the whole text.
"""

from __future__ import annotations

import functools
import re

# Han ideographs (basic block, extensions A to F, compatibility ideographs), kana, and the
# CJK punctuation and full-width forms that sit between them, such as 《》、，。：
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_KANA = "\u3041-\u309f\u30a0-\u30fa\u30fc-\u30ff"
_MARKS = "\u3000-\u303f\uff00-\uffef\u30fb"
HAN = re.compile(f"[{_HAN}]")
KANA = re.compile(f"[{_KANA}]")
# A run of Chinese or Japanese characters and the marks between them. A run is wrapped only
# if it holds a Han character (see tag_chinese); one character class, so no backtracking.
_RUN = re.compile(f"[{_HAN}{_KANA}{_MARKS}]+")


@functools.lru_cache(maxsize=None)
def _encodes(character: str, codec: str) -> bool:
    try:
        character.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def language_of(text: str, default: str = "zh-Hans") -> str:
    """``ja``, ``zh-Hant`` or ``zh-Hans`` for ``text``; ``default`` if nothing tells."""
    if KANA.search(text):
        return "ja"
    han = set(HAN.findall(text))
    traditional = any(_encodes(c, "big5") and not _encodes(c, "gb2312") for c in han)
    simplified = any(_encodes(c, "gb2312") and not _encodes(c, "big5") for c in han)
    if traditional != simplified:
        return "zh-Hant" if traditional else "zh-Hans"
    return default


def tag_chinese(escaped_html_text: str) -> str:
    """Wrap every run of Chinese characters in ``<span lang="zh-Hans">`` (or zh-Hant, ja).

    The argument must be text already escaped for HTML and hold no tags: the function only
    adds spans, it never escapes.
    """
    whole = language_of(escaped_html_text)

    def wrap(run: re.Match[str]) -> str:
        if not HAN.search(run.group()):
            return run.group()
        return f'<span lang="{language_of(run.group(), whole)}">{run.group()}</span>'

    return _RUN.sub(wrap, escaped_html_text)
