"""The one way the GUI runs work off its thread.

`run_task(fn, ...)` runs `fn(progress)` on a pool thread and calls back on the GUI thread.
Services take a plain `progress(percent, message)` callback; a small QObject turns it into a
signal. Writes go through `write_pool()`, which has one thread: one write at a time per
workspace, in the order the user made them.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Progress = Callable[[int, str], None]

_write_pool: QThreadPool | None = None
# Live tasks: a QRunnable and its signal carrier must outlive the call that started them.
_running: set[_Task] = set()


def write_pool() -> QThreadPool:
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _write_pool


def wait_for_tasks(msecs: int = 30000) -> bool:
    """Let running tasks finish and deliver their callbacks (before a workspace closes, on
    quit, and in tests), so that no callback arrives later on a closed session."""
    done = write_pool().waitForDone(msecs)
    done = QThreadPool.globalInstance().waitForDone(msecs) and done
    QCoreApplication.sendPostedEvents()
    return done


class _Signals(QObject):
    progressed = Signal(int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn(self._progress)
        except Exception as error:  # handed to the GUI thread, which decides what to show
            if not _is_user_error(error):
                log.error("background task failed:\n%s", traceback.format_exc())
            self._deliver(self.signals.failed, error)
        else:
            self._deliver(self.signals.finished, result)

    def _progress(self, percent: int, message: str) -> None:
        self._deliver(self.signals.progressed, percent, message)

    @staticmethod
    def _deliver(signal: Any, *values: Any) -> None:
        # A task still running when the app shuts down finds its signal carrier deleted with
        # the application: there is no one left to tell, so the result is dropped quietly.
        try:
            signal.emit(*values)
        except RuntimeError:
            log.debug("background result dropped: the application is closing")


def _is_user_error(error: BaseException) -> bool:
    from app.errors import UserError

    return isinstance(error, UserError)


def run_task(
    fn: Callable[[Progress], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Progress | None = None,
    writes: bool = False,
) -> None:
    """Run `fn(progress)` in the background; callbacks arrive on the GUI thread.

    `writes=True` queues it behind every other write (a single-thread pool).
    """
    task = _Task(fn)
    _running.add(task)

    def finished(result: object) -> None:
        _running.discard(task)
        if on_done is not None:
            on_done(result)

    def failed(error: object) -> None:
        _running.discard(task)
        assert isinstance(error, BaseException)
        if on_error is not None:
            on_error(error)
        else:
            log.error("unhandled background error: %s", error)

    task.signals.finished.connect(finished)
    task.signals.failed.connect(failed)
    if on_progress is not None:
        task.signals.progressed.connect(on_progress)
    (write_pool() if writes else QThreadPool.globalInstance()).start(task)
