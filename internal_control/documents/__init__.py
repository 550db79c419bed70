"""The internal-control document format (docs/INTERNAL_CONTROL_FORMAT.md): read, check
and write a plan with its rounds as YAML. Reading never touches the database;
`services.plan_import` writes a checked document."""

from .reading import read_plan_bytes, read_plan_file
from .schema import FORMAT, PlanDocument
from .writing import plan_to_document

__all__ = ["FORMAT", "PlanDocument", "plan_to_document", "read_plan_bytes", "read_plan_file"]
