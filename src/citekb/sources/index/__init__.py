"""The local reference index: bibliographic dumps in SQLite, consulted after the KB."""
from .store import DEFAULT_PATH, Index, IndexSource, IndexUnavailable  # noqa: F401
