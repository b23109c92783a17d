"""Errors that describe the user's environment or input, as opposed to programming errors."""


class UserFacingError(Exception):
    """An error with a message meant for the learner; the app explains it and changes nothing."""


class DataFolderError(UserFacingError):
    """The data folder cannot be created or written."""


class DamagedDatabaseError(UserFacingError):
    """The database file exists but cannot be read as a Roadmap Desktop database."""


class NotADatabaseError(DamagedDatabaseError):
    """The database path holds a file that is not an SQLite database (or is empty by accident)."""


class DatabaseUnavailableError(UserFacingError):
    """The machine refused a read or write (locked, read-only, disk full, I/O); the file is fine."""


class DatabaseLockedError(DatabaseUnavailableError):
    """Another program (or process) holds a lock on the database longer than we wait."""


class DatabaseReadOnlyError(DatabaseUnavailableError):
    """The database file or its folder cannot be written."""


class DiskFullError(DatabaseUnavailableError):
    """The disk holding the database has no room left for the write."""


class DatabaseIOError(DatabaseUnavailableError):
    """The operating system reported a read or write failure (a disk or a removed drive)."""


class DataFolderLockedError(UserFacingError):
    """The window (or another writing command) holds the data folder's lock."""


class NewerDatabaseError(UserFacingError):
    """The database was written by a newer version of the app."""


class RoadmapFormatError(UserFacingError):
    """A roadmap file is not valid; the message names the file, the place and the problem."""


class NotFoundError(UserFacingError):
    """A roadmap or step the caller named does not exist."""


class ImportFormatError(UserFacingError):
    """An import file is not valid; the message names the file, the line or row and the problem."""

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        line: int | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file, self.problem = file, problem
        self.line, self.row, self.column = line, row, column
        where = [file]
        if row is not None:
            where.append(f"row {row}")
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {problem}")
