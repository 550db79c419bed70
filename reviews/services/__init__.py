"""Writes that span several objects, each a function named <thing>_<verb>."""

from ..freezing import ReviewLocked
from .audits import RecommendationRow, audit_save, response_save
from .editing import (
    AssessmentDetails,
    assessments_save,
    issued_recommendation_delete,
    issued_recommendation_save,
    review_publish,
    review_reopen,
)
from .imports import review_import
from .progress import DateChange, board_update_add, promised_dates_save
from .reminders import period_of, reminder_message, reminders_send
from .rendering import report_render_request
from .reviews import report_parts_save, review_save

__all__ = [
    "RecommendationRow",
    "audit_save",
    "response_save",
    "ReviewLocked",
    "AssessmentDetails",
    "issued_recommendation_delete",
    "issued_recommendation_save",
    "assessments_save",
    "review_import",
    "review_publish",
    "review_reopen",
    "report_parts_save",
    "report_render_request",
    "review_save",
    "DateChange",
    "promised_dates_save",
    "board_update_add",
    "period_of",
    "reminder_message",
    "reminders_send",
]
