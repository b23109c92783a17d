"""Open the learner's store: data folder, database (created or upgraded), bundled roadmaps."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_desktop.core import seed
from roadmap_desktop.core.backup import daily_backup
from roadmap_desktop.core.bundled import load_bundled
from roadmap_desktop.core.db import Database, open_database, read_revision
from roadmap_desktop.core.quick_check import QuickCheck
from roadmap_desktop.core.work_progress import Progress
from roadmap_desktop.paths import DB_FILENAME, prepare_data_dir

if TYPE_CHECKING:
    from roadmap_desktop.core.content_report import SyncReport

log = logging.getLogger(__name__)


@dataclass
class Store:
    """An open database in its data folder, and what loading bundled content did."""

    data_dir: Path
    db: Database
    bundled_reports: list[SyncReport] = field(default_factory=list)
    created: bool = False  # the database file was made by this open (nothing to back up yet)

    @property
    def backups_dir(self) -> Path:
        """Where daily and pre-upgrade backups go."""
        return self.data_dir / "backups"


def open_store(
    data_dir: Path,
    *,
    backup: bool = True,
    progress: Progress | None = None,
    early: QuickCheck | None = None,
    use_seed: bool = True,
) -> Store:
    """Prepare the folder, open or create the database and load new bundled content.

    A first run (no database file, or an empty one) copies the package's seed database when it
    is current (core/seed.py): the schema and the bundled roadmaps without building or parsing
    anything. `use_seed=False` builds them the long way, as the seed build itself does.

    An upgrade of an older database reports its stages to `progress` (core/work_progress.py).
    Qt-free, so the window runs it off the GUI thread. Raises a UserFacingError subclass when
    the folder or the database cannot be used. `early` is the file's integrity check, started
    before the imports (core/quick_check.py).
    """
    folder = prepare_data_dir(data_dir)
    db_path = folder / DB_FILENAME
    existed = db_path.exists() and db_path.stat().st_size > 0
    seeded: list[SyncReport] = []
    if use_seed and not existed:
        read_revision(db_path)  # an emptied file that may hide data is refused, as always
        seeded = seed.place_seed(db_path, seed.shipped_seed()) or []
    db = open_database(db_path, progress, early=early)
    try:
        if backup and existed:
            made = daily_backup(db_path, folder / "backups")
            if made:
                log.info("daily backup written to %s", made)
        reports = [*seeded, *load_bundled(db)]
    except BaseException:
        db.close()
        raise
    for report in reports:
        log.info(
            "bundled roadmap %s: created=%s archived=%s",
            report.slug,
            report.created,
            report.archived_steps,
        )
    return Store(folder, db, reports, created=not existed)
