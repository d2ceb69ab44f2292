"""Engines, sessions, migrations and backups. Knows nothing of services, reports or Qt."""
