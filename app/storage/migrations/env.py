"""Alembic environment: migrations always run on a connection the app hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import app.domain  # noqa: F401  (registers every table on the metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
