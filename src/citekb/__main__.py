"""`python -m citekb` runs the CLI."""
from .cli import run

run()
