"""The Qt binding itself: a release with a reference-counting bug in a call the app and its
tests make thousands of times would crash Python at random ("deallocating None")."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication


def test_process_events_keeps_pythons_reference_to_none(qapp: object) -> None:
    before = sys.getrefcount(None)
    for _ in range(200):
        QCoreApplication.processEvents()
    # Other threads may take or drop a few references meanwhile; a leak would be 200.
    assert sys.getrefcount(None) > before - 50
