"""`claimledger users` and `claimledger tokens`: who may review the ledger through the web."""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger.cli.common import DbOption, app, cli_errors, open_ledger, out, settings_from
from claimledger.errors import UsageError


users_app = typer.Typer(help="People who may review the ledger through the web application.", no_args_is_help=True)
tokens_app = typer.Typer(help="Tokens that sign a user's changes (shown once).", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")


@users_app.command("add")
def users_add(name: Annotated[str, typer.Argument(help="User name")], db: DbOption = None) -> None:
    """Add a user (then give them a token with `claimledger tokens create NAME`)."""
    from claimledger.review.users import UserError, add_user

    with cli_errors():
        try:
            added = add_user(open_ledger(settings_from(db=db)), name)
        except UserError as exc:
            raise UsageError(str(exc)) from exc
    out.print(f"added user {added}")


@users_app.command("list")
def users_list(db: DbOption = None) -> None:
    """List users."""
    from claimledger.review.users import list_users

    with cli_errors():
        for name in list_users(open_ledger(settings_from(db=db))):
            print(name)


@tokens_app.command("create")
def tokens_create(name: Annotated[str, typer.Argument(help="User name")], db: DbOption = None) -> None:
    """Create a token for a user and print it (it is stored only as a hash)."""
    from claimledger.review.users import UserError, create_token

    with cli_errors():
        try:
            token = create_token(open_ledger(settings_from(db=db)), name)
        except UserError as exc:
            raise UsageError(str(exc)) from exc
    print(token)
