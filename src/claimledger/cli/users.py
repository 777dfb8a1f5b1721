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


RoleOption = Annotated[str, typer.Option(help="viewer (reads), reviewer (also changes claims and threads), "
                                              "admin (also manages users and tokens)")]


@users_app.command("add")
def users_add(name: Annotated[str, typer.Argument(help="User name")], db: DbOption = None,
              role: RoleOption = "reviewer") -> None:
    """Add a user (then give them a token with `claimledger tokens create NAME`)."""
    from claimledger.review.users import UserError, add_user

    with cli_errors():
        try:
            added = add_user(open_ledger(settings_from(db=db)), name, role)
        except UserError as exc:
            raise UsageError(str(exc)) from exc
    out.print(f"added user {added} ({role})")


@users_app.command("list")
def users_list(db: DbOption = None,
               roles: Annotated[bool, typer.Option("--roles", help="Print each user's role after a tab")] = False) -> None:
    """List users (one name a line)."""
    from claimledger.review.users import user_roles

    with cli_errors():
        for name, role in user_roles(open_ledger(settings_from(db=db))).items():
            print(f"{name}\t{role}" if roles else name)


@users_app.command("role")
def users_role(name: Annotated[str, typer.Argument(help="User name")],
               role: Annotated[str, typer.Argument(help="viewer, reviewer or admin")], db: DbOption = None) -> None:
    """Change a user's role (their tokens and sessions follow at once)."""
    from claimledger.review.users import UserError, set_role

    with cli_errors():
        try:
            set_role(open_ledger(settings_from(db=db)), name, role)
        except UserError as exc:
            raise UsageError(str(exc)) from exc
    print(f"{name} is now a {role}")


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


@tokens_app.command("list")
def tokens_list(user: Annotated[str | None, typer.Option(help="Only this user's tokens")] = None,
                db: DbOption = None) -> None:
    """List tokens by id (the start of the token's hash, never the token), user, creation and
    revocation time."""
    from claimledger.review.users import list_tokens

    with cli_errors():
        found = list_tokens(open_ledger(settings_from(db=db)), user)
    for t in found:
        revoked = f"revoked {t.revoked:%Y-%m-%d %H:%M}" if t.revoked else "active"
        print(f"{t.id}\t{t.user}\t{t.created:%Y-%m-%d %H:%M}\t{revoked}")


@tokens_app.command("revoke")
def tokens_revoke(token_id: Annotated[str, typer.Argument(help="Token id as `tokens list` shows it (8+ characters)")],
                  db: DbOption = None) -> None:
    """Revoke a token: it signs nothing more, and the sessions signed in with it end."""
    from claimledger.review.users import UserError, revoke_token

    with cli_errors():
        try:
            done = revoke_token(open_ledger(settings_from(db=db)), token_id)
        except UserError as exc:
            raise UsageError(str(exc)) from exc
    print(f"revoked token {done}")
