from .memos import CoveringMemo, DecisionClause, DecisionDocument, MemoSection, Signature
from .plans import Control, Level, Plan, Regulation, Risk, RiskArea, stated_value_refusal
from .reports import StoredReport
from .rounds import Action, ControlFollowUp, FollowUpRound, RiskWording

__all__ = [
    "Action",
    "Control",
    "ControlFollowUp",
    "CoveringMemo",
    "DecisionClause",
    "DecisionDocument",
    "FollowUpRound",
    "Level",
    "MemoSection",
    "Plan",
    "Regulation",
    "Risk",
    "RiskArea",
    "RiskWording",
    "Signature",
    "StoredReport",
    "stated_value_refusal",
]
