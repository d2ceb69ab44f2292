"""Use cases. Everything the GUI can do goes through here, and so does the command line."""
