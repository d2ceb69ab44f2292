"""Privacy Workbench: the Qt-free core (domain, storage, services, reports, command line)."""

__version__ = "0.1.0"
APP_NAME = "Privacy Workbench"
APP_ID = "privacy-workbench"
