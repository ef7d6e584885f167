"""Licence ids shown as names: SPDX identifiers by their SPDX full name, LicenseRef ids spelt out."""
from __future__ import annotations

import re

# Full names from the SPDX License List (spdx.org/licenses) for the ids the KB uses.
SPDX_NAMES = {
    "Apache-2.0": "Apache License 2.0",
    "MIT": "MIT License",
    "BSD-3-Clause": 'BSD 3-Clause "New" or "Revised" License',
    "BSD-2-Clause": 'BSD 2-Clause "Simplified" License',
    "GPL-3.0-only": "GNU General Public License v3.0 only",
    "LGPL-3.0-only": "GNU Lesser General Public License v3.0 only",
    "MPL-2.0": "Mozilla Public License 2.0",
    "CC-BY-4.0": "Creative Commons Attribution 4.0 International",
    "CC-BY-SA-4.0": "Creative Commons Attribution Share Alike 4.0 International",
    "CC-BY-NC-4.0": "Creative Commons Attribution Non Commercial 4.0 International",
    "CC0-1.0": "Creative Commons Zero v1.0 Universal",
}
_WORDS = {"PlusPlus": "++", "Proprietary": "proprietary terms", "Modified": "modified"}


def licence_name(licence_id: object) -> str:
    """`Apache-2.0` -> `Apache License 2.0`; `LicenseRef-Llama-3.1-Community-License` ->
    `Llama 3.1 Community License`; anything else as it is."""
    text = str(licence_id or "").strip()
    if text in SPDX_NAMES:
        return SPDX_NAMES[text]
    if not text.startswith("LicenseRef-"):
        return text
    words = [_WORDS.get(w, w) for w in text.removeprefix("LicenseRef-").split("-")]
    return re.sub(r" \+\+", "++", " ".join(words))
