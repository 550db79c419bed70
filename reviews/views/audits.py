"""Creating and editing an audit with its recommendations on one page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.versioning import EditConflict
from core.views import disable, hold_on_form
from organisations.access import allowed_object, organisation_for_new
from organisations.scope import scope_of

from ..forms import AuditForm, RecommendationRowFormSet, ResponseForm
from ..freezing import ReviewLocked, reviews_locking
from ..models import Audit, BoardResponse
from ..services import RecommendationRow, audit_save, response_save


def initial_rows(audit: Audit) -> list[dict]:
    rows = []
    # The audit's own recommendations: those follow-ups issued are theirs, not the editor's.
    for group in audit.groups.filter(issued_by=None).prefetch_related(
        "recommendations__addressed_to", "recommendations__parts"
    ):
        for index, rec in enumerate(group.recommendations.all()):
            rows.append(
                {
                    "id": rec.pk,
                    "number": rec.number,
                    "text": rec.text,
                    "short_title": rec.short_title,
                    "parts": "\n".join(f"{p.letter}. {p.text}" for p in rec.parts.all()),
                    "joins_previous": index > 0,
                    "heading": group.title if index == 0 else "",
                    "observations": group.observations if index == 0 else "",
                    "addressed_to": list(rec.addressed_to.all()),
                    "addressed_to_all_boards": rec.addressed_to_all_boards,
                }
            )
    return rows


class AuditEditView(View):
    template_name = "reviews/audit_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if "pk" in kwargs:
            self.audit = allowed_object(
                request,
                Audit.objects.select_related("organisation"),
                "reviews.change_audit",
                pk=kwargs["pk"],
            )
            self.organisation = self.audit.organisation
        else:
            self.audit = Audit()
            self.organisation = organisation_for_new(request, "reviews.add_audit")
        # The published reviews that print this audit: it is read-only while they are.
        self.locking = list(reviews_locking(self.audit))

    def forms(self, data=None):
        boards = self.organisation.boards.all()
        return (
            AuditForm(data, instance=self.audit, organisation=self.organisation),
            RecommendationRowFormSet(
                data,
                initial=initial_rows(self.audit) if self.audit.pk else None,
                prefix="rec",
                form_kwargs={"boards": boards},
                stored_ids=self.audit.recommendations.filter(issued_by=None).values_list(
                    "pk", flat=True
                )
                if self.audit.pk
                else (),
            ),
        )

    def get(self, request, *args, **kwargs):
        return self.render(*self.forms())

    def post(self, request, *args, **kwargs):
        form, rows = self.forms(request.POST)
        if self.locking:
            return self.render(form, rows, status=409, refused=True)
        if not (form.is_valid() and rows.is_valid()):
            return self.render(form, rows, status=400)
        stored = (
            {r.pk: r for r in self.audit.recommendations.filter(issued_by=None)}
            if self.audit.pk
            else {}
        )
        try:
            audit = form.save(commit=False)
            audit_save(
                audit=audit,
                version=form.cleaned_data["version"],
                rows=[self.row(data, stored) for data in rows.cleaned_data if data],
                new_firm=form.new_firm_name,
            )
            form.save_m2m()
        except ValidationError as error:
            if not hold_on_form(form, error):
                rows._non_form_errors = rows.error_class(error.messages)
            return self.render(form, rows, status=400)
        except ReviewLocked as error:  # published meanwhile
            self.locking = error.reviews
            return self.render(form, rows, status=409, refused=True)
        except EditConflict:
            messages.error(
                request,
                _(
                    "Nothing was saved: someone else saved this audit while you were editing. "
                    "Your text is kept below; reload the page to see their version."
                ),
            )
            return self.render(form, rows, status=409)
        messages.success(request, _("Saved."))
        return redirect("reviews:audit-edit", pk=audit.pk)

    @staticmethod
    def row(data: dict, stored: dict) -> RecommendationRow:
        return RecommendationRow(
            number=data["number"],
            text=data["text"].strip(),
            short_title=data["short_title"].strip(),
            parts=data["parts"],
            recommendation=stored.get(data.get("id")),
            addressed_to=list(data["addressed_to"]),
            addressed_to_all_boards=data["addressed_to_all_boards"],
            joins_previous=data["joins_previous"],
            heading=data["heading"].strip(),
            observations=data["observations"].strip(),
            delete=data.get("DELETE", False),
        )

    def render(self, form, rows, status=200, refused=False):
        if self.locking and not refused:  # a refused save keeps the typed text on screen
            disable(form, *rows.forms)
        context = {
            "form": form,
            "rows": rows,
            "audit": self.audit,
            "organisation": self.organisation,
            "responses": self.audit.responses.prefetch_related("boards") if self.audit.pk else [],
            "locking_reviews": self.locking,
            "refused": refused,
        }
        return render(self.request, self.template_name, context, status=status)


class ResponseEditView(View):
    """Record or correct a board response to an audit's recommendations."""

    template_name = "reviews/response_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        user = request.user
        if "pk" in kwargs:
            self.response = allowed_object(
                request,
                BoardResponse.objects.select_related("audit__organisation"),
                "reviews.change_boardresponse",
                pk=kwargs["pk"],
            )
        else:
            audit = allowed_object(
                request,
                Audit.objects.select_related("organisation"),
                "reviews.add_boardresponse",
                pk=kwargs["audit_pk"],
            )
            self.response = BoardResponse(audit=audit)
        self.audit = self.response.audit
        self.locking = list(reviews_locking(self.response))
        # Board respondents answer for their own boards only.
        self.boards = (
            None if user.has_perm("reviews.change_audit", self.audit) else scope_of(user).boards
        )

    def get(self, request, *args, **kwargs):
        return self.render(self.form())

    def form(self, data=None) -> ResponseForm:
        return ResponseForm(data, instance=self.response, audit=self.audit, boards=self.boards)

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if self.locking:
            return self.render(form, status=409, refused=True)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            response_save(
                response=form.save(commit=False),
                version=form.cleaned_data["version"],
                boards=list(form.cleaned_data["boards"]),
                recommendations=list(form.cleaned_data["recommendations"]),
            )
        except ReviewLocked as error:  # published meanwhile
            self.locking = error.reviews
            return self.render(form, status=409, refused=True)
        except EditConflict:
            messages.error(
                request,
                _(
                    "Nothing was saved: someone else saved this response while you were editing. "
                    "Your text is kept below; reload the page to see their version."
                ),
            )
            return self.render(form, status=409)
        messages.success(request, _("Saved."))
        if self.boards is None:
            return redirect("reviews:audit-edit", pk=self.audit.pk)
        return redirect(reverse("reviews:recommendation-list") + f"?audit={self.audit.pk}")

    def render(self, form, status=200, refused=False):
        if self.locking and not refused:  # a refused save keeps the typed text on screen
            disable(form)
        context = {
            "form": form,
            "audit": self.audit,
            "response": self.response,
            "may_change_audit": self.boards is None,
            "locking_reviews": self.locking,
            "refused": refused,
        }
        return render(self.request, self.template_name, context, status=status)
