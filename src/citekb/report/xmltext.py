"""Text that XML 1.0 can carry: control characters other than tab and newline become U+FFFD."""
from __future__ import annotations

import re

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    return _INVALID.sub("\ufffd", text)
