"""Wizards: guided, page-by-page ways to build a record in plain language."""
