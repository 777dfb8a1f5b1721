"""The `claimledger` command: thin wrappers that call the library and map its errors to exit codes.

`app` is the Typer application (the `claimledger` entry point); each module below registers its
commands on it when imported, in the order `claimledger --help` lists them.
"""

# Each import registers its commands, in this order.
from claimledger.cli import ledger  # noqa: F401
from claimledger.cli import decisions  # noqa: F401
from claimledger.cli import tools  # noqa: F401
from claimledger.cli import users  # noqa: F401
from claimledger.cli.common import app


def main() -> None:
    app()


__all__ = ["app", "main"]
