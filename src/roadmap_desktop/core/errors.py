"""Errors that describe the user's environment or input, as opposed to programming errors."""


class UserFacingError(Exception):
    """An error with a message meant for the learner; the app explains it and changes nothing."""


class DataFolderError(UserFacingError):
    """The data folder cannot be created or written."""


class DamagedDatabaseError(UserFacingError):
    """The database file exists but cannot be read as a Roadmap Desktop database."""


class NewerDatabaseError(UserFacingError):
    """The database was written by a newer version of the app."""


class RoadmapFormatError(UserFacingError):
    """A roadmap file is not valid; the message names the file, the place and the problem."""


class NotFoundError(UserFacingError):
    """A roadmap or step the caller named does not exist."""
