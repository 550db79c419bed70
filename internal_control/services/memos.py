"""Writing a round's covering memo with its clauses, sections, documents and signatures."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.versioning import Edit, EditConflict, insert, locked, save_versioned

from ..models import (
    CoveringMemo,
    DecisionClause,
    DecisionDocument,
    FollowUpRound,
    MemoSection,
    Signature,
)
from .plans import refuse_if_frozen


def memo_save(
    *,
    follow_up_round: FollowUpRound,
    memo: Edit[CoveringMemo],
    clauses: list[str],
    sections: list[tuple[str, str]],
    documents: list[str],
    signatures: list[tuple[str, str]],
) -> CoveringMemo:
    """Save the memo of a draft round and replace its lists, all or nothing."""
    after = memo.instance.documents_after
    if after is not None and after > len(sections):
        raise ValidationError(
            {
                "documents_after": _("The memo has only %(count)s section(s).")
                % {"count": len(sections)}
            }
        )
    with transaction.atomic():
        refuse_if_frozen(locked(follow_up_round))
        instance = memo.instance
        instance.board_id = follow_up_round.plan.board_id
        if instance.pk is None:
            insert(instance)
            follow_up_round.memo = instance
            follow_up_round.save(update_fields=["memo"])
        elif conflict := save_versioned(memo):
            raise EditConflict([conflict])
        for model in (DecisionClause, MemoSection, DecisionDocument, Signature):
            model.objects.filter(memo=instance).delete()
        rows = [
            *(DecisionClause(memo=instance, position=i, text=t) for i, t in enumerate(clauses, 1)),
            *(
                MemoSection(memo=instance, position=i, heading=heading, text=text)
                for i, (heading, text) in enumerate(sections, 1)
            ),
            *(
                DecisionDocument(memo=instance, position=i, text=t)
                for i, t in enumerate(documents, 1)
            ),
            *(
                Signature(memo=instance, position=i, name=name, title=title)
                for i, (name, title) in enumerate(signatures, 1)
            ),
        ]
        for row in rows:
            try:
                row.full_clean()
            except ValidationError as error:
                # Typed as lines of one box: say which line, not which column.
                raise ValidationError(f"{row}: {' '.join(error.messages)}") from None
            row.save()
    return instance
