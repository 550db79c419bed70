"""Writes that span several objects, each a function named <thing>_<verb>."""

from ..freezing import ReviewLocked
from .audits import RecommendationRow, audit_save, response_save
from .editing import assessments_save, review_publish, review_reopen
from .imports import review_import
from .reviews import review_save

__all__ = [
    "RecommendationRow",
    "audit_save",
    "response_save",
    "ReviewLocked",
    "assessments_save",
    "review_import",
    "review_publish",
    "review_reopen",
    "review_save",
]
