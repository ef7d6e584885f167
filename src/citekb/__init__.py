"""citekb: an evidence atlas for open-weight vs closed AI models, and a citation checker."""
__version__ = "0.1.0"
