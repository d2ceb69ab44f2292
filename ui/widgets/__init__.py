"""Reusable widgets shared by the pages: forms built from field specs."""
