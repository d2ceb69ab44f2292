"""The pages of an open workspace, in navigation order (Ctrl+1, Ctrl+2, ...).

Each page is built with the workspace session, has `page_name`, `title` and `reload()`.
Later features add their pages here.
"""

from __future__ import annotations

from ui.views.breaches_page import BreachesPage
from ui.views.catalogues_page import CataloguesPage
from ui.views.dashboard_page import DashboardPage
from ui.views.documents_page import DocumentsPage
from ui.views.dpia_page import DpiaPage
from ui.views.history_page import HistoryPage
from ui.views.organisation_page import OrganisationPage
from ui.views.plans_page import PlansPage
from ui.views.policy_page import PolicyPage
from ui.views.processor_records_page import ProcessorRecordsPage
from ui.views.register_page import RegisterPage
from ui.views.requests_page import RequestsPage
from ui.views.team_page import TeamPage
from ui.views.vendors_page import VendorsPage

PAGE_CLASSES = [
    DashboardPage,  # the home page: the first shown when a workspace opens (Ctrl+1)
    OrganisationPage,
    TeamPage,
    PlansPage,
    RegisterPage,
    ProcessorRecordsPage,
    DpiaPage,
    VendorsPage,
    CataloguesPage,
    RequestsPage,
    BreachesPage,
    HistoryPage,
    DocumentsPage,
    PolicyPage,
]
PAGE_NAMES = [page.page_name for page in PAGE_CLASSES]
