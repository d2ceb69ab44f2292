"""Workspace marker, organisations and the team.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "workspace_info",
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("value", sa.String(500), nullable=False),
    )
    op.create_table(
        "organisation",
        *_record_columns(),
        sa.Column("legal_name", sa.String(300), nullable=False),
        sa.Column("trading_name", sa.String(300)),
        sa.Column("address", sa.String(1000)),
        sa.Column("country", sa.String(2)),
        sa.Column("registration_number", sa.String(100)),
        sa.Column("email", sa.String(300)),
        sa.Column("phone", sa.String(40)),
        sa.Column("employees", sa.Integer()),
        sa.Column("sector", sa.String(200)),
        sa.Column("dpo_kind", sa.String(20)),
        sa.Column("dpo_name", sa.String(300)),
        sa.Column("dpo_email", sa.String(300)),
        sa.Column("dpo_phone", sa.String(40)),
        sa.Column("no_dpo_reason", sa.String(2000)),
        sa.Column("representative_name", sa.String(300)),
        sa.Column("representative_address", sa.String(1000)),
        sa.Column("representative_email", sa.String(300)),
        sa.Column("representative_phone", sa.String(40)),
        sa.Column("lead_authority", sa.String(300)),
        sa.Column("brand_logo", sa.LargeBinary()),
        sa.Column("brand_colour", sa.String(7)),
    )
    op.create_table(
        "person",
        *_record_columns(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(300)),
        sa.Column("role", sa.String(20), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("person")
    op.drop_table("organisation")
    op.drop_table("workspace_info")
