"""The pages of an open workspace, in navigation order (Ctrl+1, Ctrl+2, ...).

Each page is built with the workspace session, has `page_name`, `title` and `reload()`.
Later features add their pages here.
"""

from __future__ import annotations

from ui.views.breaches_page import BreachesPage
from ui.views.catalogues_page import CataloguesPage
from ui.views.documents_page import DocumentsPage
from ui.views.history_page import HistoryPage
from ui.views.organisation_page import OrganisationPage
from ui.views.processor_records_page import ProcessorRecordsPage
from ui.views.register_page import RegisterPage
from ui.views.requests_page import RequestsPage
from ui.views.team_page import TeamPage
from ui.views.vendors_page import VendorsPage

PAGE_CLASSES = [
    OrganisationPage,
    TeamPage,
    RegisterPage,
    ProcessorRecordsPage,
    VendorsPage,
    CataloguesPage,
    RequestsPage,
    BreachesPage,
    HistoryPage,
    DocumentsPage,
]
PAGE_NAMES = [page.page_name for page in PAGE_CLASSES]
