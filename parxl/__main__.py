"""`python -m parxl` runs the command line."""

from parxl.entry import main

main()
