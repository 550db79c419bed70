"""Writes of internal control. Views and commands call these, never `save()`."""

from .imports import plan_import
from .memos import memo_save
from .plans import (
    action_mark,
    next_position,
    part_delete,
    part_move,
    plan_adopt,
    plan_part_save,
    refuse_if_frozen,
    round_save,
    round_submit,
)
from .recommendations import latest_published_status, recommendation_take_in

__all__ = [
    "action_mark",
    "latest_published_status",
    "memo_save",
    "next_position",
    "part_delete",
    "part_move",
    "plan_adopt",
    "plan_import",
    "plan_part_save",
    "recommendation_take_in",
    "refuse_if_frozen",
    "round_save",
    "round_submit",
]
