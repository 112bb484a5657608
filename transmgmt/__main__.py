"""``python -m transmgmt``: the command line."""

from transmgmt.cli import main

main()
