"""Browser libraries bundled into the site at build time, so that the site works offline.

They come from npm (package.json / package-lock.json, installed by `npm ci` from the Makefile)
and are copied into the built site, never committed. Looked for under the repository being
built, then under the citekb checkout itself (an editable install building another repository).
"""
from __future__ import annotations

from pathlib import Path

# site path -> path inside node_modules
LIBRARIES = {"assets/vendor/cytoscape.min.js": "cytoscape/dist/cytoscape.min.js"}
_CHECKOUT = Path(__file__).resolve().parents[3]


class VendorMissing(RuntimeError):
    """A bundled browser library is not installed."""


def vendor_files(root: Path) -> dict[str, bytes]:
    """{site path: bytes} of every bundled library; VendorMissing names the fix when one is missing."""
    out = {}
    for target, rel in LIBRARIES.items():
        found = next((base / "node_modules" / rel for base in (Path(root), _CHECKOUT)
                      if (base / "node_modules" / rel).is_file()), None)
        if found is None:
            raise VendorMissing(f"node_modules/{rel} is missing: the graph explorer bundles it. Install the "
                                "site's browser libraries with `npm ci` (or `make install`)")
        out[target] = found.read_bytes()
    return out
