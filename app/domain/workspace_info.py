"""A key/value table that marks a database as a Privacy Workbench workspace."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

WORKSPACE_MARKER = "privacy-workbench-workspace"


class WorkspaceInfo(SQLModel, table=True):
    __tablename__ = "workspace_info"

    key: str = Field(primary_key=True, max_length=60)
    value: str = Field(max_length=500)
