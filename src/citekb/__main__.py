"""`python -m citekb` runs the CLI."""
from .cli import main

main(prog_name="citekb")
