"""The only door from widgets to the workspace: plain data in, plain data out."""
