"""`python -m parxl` runs the command line."""

from parxl.cli import main

main()
