"""Errors a user can act on. Messages name the file, line or article and the next step."""

from __future__ import annotations


class TidingsError(Exception):
    """Base class: anything Tidings reports to a user as one line, not a traceback."""


class BadInput(TidingsError):
    """An input file or record cannot be read; the rest of the batch goes on."""

    def __init__(self, where: str, reason: str, line: int | None = None):
        self.where, self.reason, self.line = where, reason, line
        super().__init__(f"{where}{f':{line}' if line else ''}: {reason}")


class UnknownFormat(TidingsError):
    """An export or input format that no registry entry handles."""


class StoreError(TidingsError):
    """The database cannot be opened or written."""


class KnowledgeBaseMissing(TidingsError):
    """A built data file is absent from the package: the message names the make target."""
