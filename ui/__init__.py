"""The desktop GUI (PySide6). The only package that imports Qt; it reaches the workspace
through ui.operations, never through a database session."""
