from .editing import (
    AreaEditView,
    ControlEditView,
    PlanCreateView,
    PlanEditView,
    RiskEditView,
    part_delete_view,
    part_move_view,
    plan_adopt_view,
)
from .pages import (
    ActionListView,
    PlanDetailView,
    PlanListView,
    RoundDetailView,
    plan_pdf_view,
    round_pdf_view,
)
from .rounds import MemoEditView, RoundEditView
from .screen import RoundScreenView, action_done_view, round_submit_view
from .take_in import TakeInView

__all__ = [
    "ActionListView",
    "AreaEditView",
    "ControlEditView",
    "MemoEditView",
    "PlanCreateView",
    "PlanDetailView",
    "PlanEditView",
    "PlanListView",
    "RiskEditView",
    "RoundDetailView",
    "RoundEditView",
    "RoundScreenView",
    "TakeInView",
    "action_done_view",
    "part_delete_view",
    "part_move_view",
    "plan_adopt_view",
    "plan_pdf_view",
    "round_pdf_view",
    "round_submit_view",
]
