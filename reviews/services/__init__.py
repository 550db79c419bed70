"""Writes that span several objects, each a function named <thing>_<verb>."""

from .editing import (
    Conflict,
    EditConflict,
    ReviewLocked,
    assessments_save,
    review_publish,
    review_reopen,
)
from .imports import review_import

__all__ = [
    "Conflict",
    "EditConflict",
    "ReviewLocked",
    "assessments_save",
    "review_import",
    "review_publish",
    "review_reopen",
]
