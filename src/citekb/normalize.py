"""Pure normalization steps: identifiers, years, names and folded titles.

Every function takes a string and returns a normalized value or None; none of them raises on
user data.
"""
from __future__ import annotations

import functools
import re
import unicodedata

_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV_NEW = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z\-]+(?:\.[A-Z]{2})?)/(\d{2})(\d{2})(\d{3})(v\d+)?$")
_ARXIV_PREFIX = re.compile(r"^(?:arxiv:\s*|https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/)", re.I)
_LATEX_CMD = re.compile(r"\\[a-zA-Z]+\s*|\\.")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def doi(value: str | None) -> str | None:
    """Canonical lower-case DOI without resolver prefix, or None when malformed.

    >>> doi("https://doi.org/10.1162/NECO.1997.9.8.1735")
    '10.1162/neco.1997.9.8.1735'
    """
    if not value:
        return None
    v = _DOI_PREFIXES.sub("", value.strip()).rstrip(".")
    return v.lower() if _DOI.match(v) else None


def arxiv(value: str | None) -> str | None:
    """Canonical arXiv id without version (`2307.09288`, `hep-th/9901001`), or None."""
    if not value:
        return None
    v = _ARXIV_PREFIX.sub("", value.strip()).removesuffix(".pdf")
    m = _ARXIV_NEW.match(v)
    if m:
        yy, mm = int(m.group(1)), int(m.group(2))
        if not 1 <= mm <= 12 or (yy, mm) < (7, 4) or (yy >= 15 and len(m.group(3)) != 5):
            return None
        if yy < 15 and len(m.group(3)) != 4:
            return None
        return f"{m.group(1)}{m.group(2)}.{m.group(3)}"
    m = _ARXIV_OLD.match(v)
    if m and 1 <= int(m.group(3)) <= 12:
        return f"{m.group(1)}/{m.group(2)}{m.group(3)}{m.group(4)}"
    return None


def arxiv_year(arxiv_id: str) -> int:
    """The year an arXiv id was assigned: `1706.03762` -> 2017, `hep-th/9901001` -> 1999."""
    yy = int(arxiv_id.split("/")[-1][:2])
    return 1900 + yy if yy >= 91 else 2000 + yy


def arxiv_month(arxiv_id: str) -> tuple[int, int]:
    """(year, month) an arXiv id was assigned: `1706.03762` -> (2017, 6)."""
    tail = arxiv_id.split("/")[-1]
    return arxiv_year(arxiv_id), int(tail[2:4])


def arxiv_after_year(arxiv_id: str, year: int) -> bool:
    """Whether an arXiv id was assigned after `year`. An id's month is the month it was announced: a
    paper submitted in the last days of December gets January's id (arXiv 2301.00234 was submitted on
    31 Dec 2022; the Pile, 2101.00027, on 31 Dec 2020), so a January id allows the year before."""
    assigned = arxiv_month(arxiv_id)
    return assigned[0] > year and assigned != (year + 1, 1)


def isbn(value: str | None) -> str | None:
    """ISBN-13 digits when the value is a valid ISBN-10 or ISBN-13 (checksum verified)."""
    if not value:
        return None
    v = re.sub(r"[\s\-]", "", value.strip()).upper().removeprefix("ISBN:").removeprefix("ISBN")
    if re.fullmatch(r"\d{9}[\dX]", v):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(v))
        if total % 11:
            return None
        core = "978" + v[:9]
        return core + str((10 - sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(core)) % 10) % 10)
    if re.fullmatch(r"97[89]\d{10}", v):
        check = (10 - sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(v[:12])) % 10) % 10
        return v if check == int(v[12]) else None
    return None


def year(value: object) -> int | None:
    """A four-digit year found in the value, or None."""
    m = re.search(r"(?<!\d)(\d{4})(?!\d)", str(value or ""))
    return int(m.group(1)) if m else None


_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
            ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
            "r": "\u030a", "d": "\u0323", "b": "\u0331"}
_SYMBOLS = {"ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
            "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "textendash": "–", "textemdash": "—", "textquoteright": "’",
            "textquoteleft": "‘", "ldots": "…", "dots": "…", "textregistered": "®", "texttrademark": "™"}
_ACCENT_RE = re.compile(r"\\([\"'`^~=.]|[uvHckrdb](?=[\s{]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))")
_SYMBOL_RE = re.compile(r"\\(" + "|".join(sorted(_SYMBOLS, key=len, reverse=True)) + r")(?![A-Za-z])\s*")
_ESCAPED_RE = re.compile(r"\\([&%$#_{}])")
_GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon "
          "phi chi psi omega").split()
_MATH_SYMBOLS = {**{g: chr(0x3B1 + i + (1 if i > 16 else 0)) for i, g in enumerate(_GREEK)},
                 **{g.capitalize(): chr(0x391 + i + (1 if i > 16 else 0)) for i, g in enumerate(_GREEK)},
                 "ell": "ℓ", "infty": "∞", "times": "×", "cdot": "·", "leq": "≤", "geq": "≥", "le": "≤",
                 "ge": "≥", "pm": "±", "to": "→", "rightarrow": "→", "log": "log", "sqrt": "√", "approx": "≈"}
_SIMPLE_MATH = re.compile(r"(?<!\x00)\$([^$\x00]{1,80})\$")
_MATH_MACRO = re.compile(r"\\([A-Za-z]+)")


def _math(m: re.Match) -> str:
    """Inline math made of Greek letters, common symbols, digits and sub/superscripts."""
    body = _MATH_MACRO.sub(lambda g: _MATH_SYMBOLS.get(g.group(1), "\\" + g.group(1)), m.group(1))
    if "\\" in body:
        return m.group(0)
    return body.replace("^", "").replace("_", "").replace("{", "").replace("}", "").replace(" ", "")


@functools.lru_cache(maxsize=1)
def _latex_decoder():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(strict_latex_spaces=True)


def _accent(m: re.Match) -> str:
    letter = (m.group(2) or m.group(3)).lstrip("\\")
    letter = {"i": "i", "j": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", letter + _ACCENTS[m.group(1)])


@functools.lru_cache(maxsize=65536)
def latex_to_text(value: str) -> str:
    """Decode LaTeX to Unicode, but only pay for it when the value has markup.

    Accents and the usual letter macros are decoded by a table; only what remains (math,
    unknown macros) goes through pylatexenc.

    >>> latex_to_text(r"M{\\"u}ller and {\\L}ukasz \\& Co.")
    'Müller and Łukasz & Co.'
    """
    if "\\" in value:
        value = _SYMBOL_RE.sub(lambda m: _SYMBOLS[m.group(1)], _ACCENT_RE.sub(_accent, value))
        value = _ESCAPED_RE.sub(lambda m: "\x00" + m.group(1), value)
    if "$" in value:
        value = _SIMPLE_MATH.sub(_math, value)
    if "\\" in value or "$" in value.replace("\x00$", ""):
        try:
            value = _latex_decoder().latex_to_text(value.replace("\x00", "\\"))
        except Exception:  # pylatexenc on pathological input; fall back to stripping
            value = _LATEX_CMD.sub("", value)
    value = value.replace("{", "").replace("}", "").replace("\x00", "").replace("~", " ").replace("--", "–")
    return _SPACE.sub(" ", value).strip()


# Latin letters that carry no combining mark, so NFD leaves them whole: folded as a reader writes them
# without the diacritic ("Łukasz" is cited as "Lukasz", "Søren" as "Soren").
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i",
                          "ħ": "h", "ŀ": "l", "ŧ": "t", "ƒ": "f"})


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Fold text for comparison: NFKC (full-width forms), accents stripped, case, punctuation.

    >>> fold("{BERT}: Pre-training of Deep Bidirectional Transformers")
    'bert pre training of deep bidirectional transformers'
    >>> fold("ＢＥＲＴ：预训练")
    'bert 预训练'
    >>> fold("Łukasz Søren Æsir")
    'lukasz soren aesir'
    """
    text = latex_to_text(text)
    if not text.isascii():  # ASCII is its own NFKC and NFD and has no combining marks: skip both
        text = unicodedata.normalize("NFKC", text)
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
        return _SPACE.sub(" ", _NON_WORD.sub(" ", text.casefold().translate(_LETTERS))).strip()
    return _SPACE.sub(" ", _NON_WORD.sub(" ", text.casefold())).strip()


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")  # kana, Han, Hangul


def has_cjk(text: str) -> bool:
    """Whether the text has Chinese, Japanese or Korean characters (a CJK name, a translated title)."""
    return bool(_CJK.search(text))


def fold_name(name: str) -> str:
    """Fold a family name for comparison (`Müller` == `Muller` == `M{\"u}ller`)."""
    return fold(name).replace(" ", "")


def url(value: str | None) -> str | None:
    v = (value or "").strip()
    return v if re.match(r"^https?://[^\s/$.?#].[^\s]*$", v, re.I) else None


def split_list(value: str, sep: str = " ;; ") -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(sep) if p.strip())
