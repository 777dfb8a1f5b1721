"""Alembic environment: runs on the connection `claimledger.store.migrate` hands over."""

from alembic import context

from claimledger.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("claimledger migrations run through claimledger.store.migrate()")
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
