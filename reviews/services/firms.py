"""Audit firms, which organisations share: found by name, or added."""

from core.versioning import insert
from organisations.models import Firm


def firm_for(name: str) -> Firm:
    """The firm of that name (in any case), added if there is none."""
    return Firm.objects.filter(name__iexact=name.strip()).first() or _added(name.strip())


def _added(name: str) -> Firm:
    firm = Firm(name=name)
    insert(firm)
    return firm
