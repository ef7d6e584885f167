"""Citation keys that cannot be used safely: look-alike twins, hidden characters, overlong keys."""
from __future__ import annotations

import unicodedata

from ..diagnostic import finding
from ..registry import rule

MAX_KEY = 100  # the longest key a YAML record can cite, and far below a file name's 255 bytes

# Letters of other scripts that render like a Latin letter in common fonts (Unicode's confusables
# list, restricted to the Cyrillic and Greek letters that occur in look-alike keys).
_LOOKALIKE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "κ": "k", "ι": "i", "υ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})


def hidden(key: str) -> list[str]:
    """Invisible and direction-changing characters in a key, as U+XXXX names."""
    return [f"U+{ord(c):04X} {unicodedata.name(c, 'control')}" for c in key if unicodedata.category(c) in ("Cf", "Cc")]


_LOOKALIKE_CHARS = frozenset(map(chr, _LOOKALIKE))


def shown(key: str) -> str:
    """The key with its hidden, combining and look-alike characters spelled as \\uXXXX."""
    def one(c: str) -> str:
        odd = unicodedata.category(c) in ("Cf", "Cc", "Mn") or c in _LOOKALIKE_CHARS
        return f"\\u{ord(c):04x}" if odd else c
    return "'" + "".join(map(one, key)) + "'"


def skeleton(key: str) -> str:
    """What a reader sees: NFKC, hidden characters dropped, look-alike letters as Latin, case folded."""
    if key.isascii() and key.isprintable():  # nothing to normalise, hide or map (look-alikes are not ASCII)
        return key.casefold()
    visible = "".join(c for c in unicodedata.normalize("NFKC", key) if unicodedata.category(c) not in ("Cf", "Cc"))
    return visible.translate(_LOOKALIKE).casefold()


@rule("R110", "confusable-keys", "error")
def confusable_keys(kb, ctx):
    """Two citation keys look the same but are different strings, or a key hides characters.

    What it checks:
        No key contains an invisible or direction-changing character (zero-width space, joiners,
        bidi controls, a byte-order mark), and no two keys differ only by such characters, by
        Unicode normalization (NFC against NFD) or by look-alike letters of another script
        (Cyrillic `а` for Latin `a`).

    Why it matters:
        A reader cannot tell the two keys apart, so a citation silently lands on the wrong entry,
        and a hidden character makes a key that nobody can type.

    Example:
        (two entries `smith2020deep` and `smith2020dееp`, the second with Cyrillic `е`)

    Fix:
        Keep one entry, retype the key in plain ASCII, and cite that key everywhere.
    """
    seen: dict[str, object] = {}
    for w in kb.works:
        chars = hidden(w.key)
        if chars:
            yield finding(w.location, f"key {shown(w.key)} contains {', '.join(chars)}",
                          "Retype the key without the hidden characters.")
        first = seen.setdefault(skeleton(w.key), w)
        if first is not w and first.key != w.key:
            yield finding(w.location, f"key {shown(w.key)} looks the same as {shown(first.key)} ({first.location}) "
                          "but is a different string", f"Keep one entry and cite {shown(first.key)} only.")


@rule("R111", "key-too-long", "error")
def key_too_long(kb, ctx):
    """A citation key is too long to cite from a record or to name a page.

    What it checks:
        Every key is at most 100 characters long.

    Why it matters:
        YAML records cannot cite a longer key, and the site names each paper's page after its
        key: a key near 255 bytes is longer than a file name may be, and the build fails.

    Example:
        (an entry whose key is 300 letters long)

    Fix:
        Shorten the key to the firstauthorYEARword pattern and update the citations.
    """
    for w in kb.works:
        if len(w.key) > MAX_KEY:
            yield finding(w.location, f"key '{w.key[:40]}...' is {len(w.key)} characters long; "
                          f"keys are limited to {MAX_KEY}", "Shorten the key (firstauthorYEARword).")
