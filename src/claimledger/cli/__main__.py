"""`python -m claimledger.cli`."""

from claimledger.cli import main

main()
