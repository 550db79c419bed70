"""Hostile and clumsy GET requests: junk in the URL gets a message or a 4xx, never a 500.

Every URL of the app (from the URL configuration, so a new view is covered without being
listed here), for every role that signs in to read, with junk in the query string and in
the path. What each kind of junk should do:

- a list's filter field with a value it cannot take (not a number, out of range, a NUL
  that PostgreSQL would refuse, not a choice, another organisation's object): 200, the
  filter form showing the field's error, and no rows (django-filter's strict mode);
- a value the list can live with (a long or garbled search, an unknown sort, a page or a
  page size out of range, an unknown parameter): 200, silently corrected or ignored;
- a create page's `?organisation=` that is not an organisation the user sees: 404;
- a page that reads a few parameters of its own (`READS_QUERY`: the year of a roll-up,
  the organisation of the dashboard) refuses junk in them with a 400 that says so, and
  ignores the rest;
- anything else in the query string: ignored (the same status as the clean URL);
- a path id that is no object, or another organisation's object: 404.
"""

from types import SimpleNamespace

import django_filters
import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, reverse

from organisations.models import Role
from reviews import urls as review_urls
from reviews.models import ReportRender, ReviewedAudit, Status
from tests.factories import (
    AssessmentFactory,
    AuditFactory,
    BoardFactory,
    BoardResponseFactory,
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)
from tests.views.test_permissions import MATRIX

ROLES = ["auditor", "elected", "respondent", "admin"]
HUGE = "99999999999999999999"  # beyond a 64-bit integer
LONG = "granskning " * 910  # 10,010 characters
NUL = "%00"
BAD_UTF8 = "%ED%A0%80"  # a lone surrogate: not UTF-8
NACKA_YEAR = 2019  # a year only the other organisation has
# Pages whose own parameters (a form of their own) refuse junk with a message.
READS_QUERY = {"dashboard": "organisation", "board-rollup": "year"}


def an_organisation(name: str, year: int):
    """An organisation shaped like test_permissions' Haninge: a draft review of an audit to
    Socialnämnden (answered by it) and one to Kommunstyrelsen."""
    organisation = OrganisationFactory(name=name)
    social = BoardFactory(organisation=organisation, name="Socialnämnden")
    executive = BoardFactory(organisation=organisation, name="Kommunstyrelsen", kind="executive")
    review = ReviewFactory(organisation=organisation, year=year)
    audits = []
    for position, board in enumerate([social, executive], 1):
        audit = AuditFactory(organisation=organisation, year=year)
        recommendation = RecommendationFactory(group=GroupFactory(audit=audit), number=1)
        recommendation.addressed_to.add(board)
        BoardResponseFactory(
            audit=audit, year=year, text="Svar.", boards=[board], recommendations=[recommendation]
        )
        ReviewedAudit.objects.create(review=review, audit=audit, position=position)
        AssessmentFactory(review=review, recommendation=recommendation, status=Status.IMPLEMENTED)
        audits.append(audit)
    audit = audits[0]
    issued = RecommendationFactory(
        group=GroupFactory(audit=audit, issued_by=review), issued_by=review, number=1
    )
    issued.addressed_to.add(social)
    render = ReportRender.objects.create(
        review=review, sha256="0" * 64, html="<p>", filename="r.pdf", state="ready", pdf=b"%PDF"
    )
    return SimpleNamespace(
        organisation=organisation,
        board=social,
        review=review,
        audit=audit,
        response=audit.responses.get(),
        recommendation=audit.recommendations.get(issued_by=None),
        issued=issued,
        render=render,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Haninge with one user per role, an administrator, and Nacka, whose objects Haninge's
    users must not reach; built once for the module and rolled back after it (so with the
    factories: the shared people of tests/conftest.py are function-scoped)."""
    with django_db_blocker.unblock(), transaction.atomic():
        haninge = an_organisation("Haninge kommun", 2024)
        nacka = an_organisation("Nacka kommun", NACKA_YEAR)
        users = {}
        for name, role in [
            ("auditor", Role.AUDITOR),
            ("elected", Role.ELECTED_AUDITOR),
            ("respondent", Role.BOARD_RESPONDENT),
        ]:
            users[name] = UserFactory(username=f"hostile-{name}")
            MembershipFactory(
                user=users[name],
                organisation=haninge.organisation,
                role=role,
                boards=[haninge.board] if role == Role.BOARD_RESPONDENT else [],
            )
        users["admin"] = UserFactory(username="hostile-admin", is_staff=True, is_superuser=True)
        yield SimpleNamespace(haninge=haninge, nacka=nacka, users=users)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def no_pdf_rendering(monkeypatch):
    """The report takes nothing from the request but the review: what is tried here is the
    view's reading of the URL, not WeasyPrint (tests/views/test_report_pdf.py renders)."""
    monkeypatch.setattr("reviews.services.rendering.render_pdf", lambda html: b"%PDF-1.7")


def app_urls() -> dict[str, URLPattern]:
    return {p.name: p for p in review_urls.urlpatterns if isinstance(p, URLPattern)}


def filterset_of(pattern: URLPattern):
    view_class = getattr(pattern.callback, "view_class", None)
    return getattr(view_class, "filterset_class", None)


def takes_organisation(pattern: URLPattern) -> bool:
    """A create page: the organisation comes in the query string."""
    return MATRIX[pattern.name][0] == "organisation"


def url_for(name: str, objects, **replace) -> str:
    """The URL of `objects`' thing for the view; `replace` puts junk in a path parameter."""
    kind = MATRIX[name][0]
    kwargs = {
        "list": {},
        "organisation": {},
        "review": {"pk": objects.review.pk},
        "reviewed audit": {"pk": objects.review.pk, "audit_pk": objects.audit.pk},
        "audit": {"audit_pk" if name == "response-create" else "pk": objects.audit.pk},
        "response": {"pk": objects.response.pk},
        "recommendation": {"pk": objects.recommendation.pk},
        "board": {"pk": objects.board.pk},
        "report render": {"pk": objects.review.pk, "render_pk": objects.render.pk},
        "issued recommendation": {
            "pk": objects.review.pk,
            "audit_pk": objects.audit.pk,
            "rec_pk": objects.issued.pk,
        },
    }[kind]
    return reverse(f"reviews:{name}", kwargs={**kwargs, **replace})


# Junk a list lives with (corrected or ignored, never refused), by what it aims at. The
# lists are zipped: each request carries one of each, so a page answers a handful of
# requests rather than a hundred (they are all in the assertion message if one fails).
TOLERATED = [
    ["page=abc", "page=0", "page=-1", "page=999999", f"page={HUGE}", "page=1&page=abc"],
    [
        "per_page=abc",
        "per_page=100000",
        "per_page=0",
        "per_page=-1",
        f"per_page={HUGE}",
        "per_page=1&per_page=-5",
    ],
    [f"q={LONG}", f"q={BAD_UTF8}", "q=%25_%5C", "q=%20", "q=", "q=a&q=b"],  # %_\ : LIKE's
    ["unknown=1", f"{BAD_UTF8}={BAD_UTF8}", f"{NUL}={NUL}", "&&=&%", "organisation="],
]
SORTS = ["sort=nonexistent", "sort=-&sort=--title", "sort=text,audit__title", f"sort={NUL}"]
# Values no filter field takes (a search takes them all but NUL).
REFUSED = ["abc", "-1", HUGE, "1.5", NUL, "1&{field}=abc"]  # the last one counts


def tolerated_queries(world, pattern: URLPattern | None = None) -> list[str]:
    """The zipped requests; for a list, also sorted by every column each way."""
    repeated = f"organisation=abc&organisation={world.haninge.organisation.pk}"  # last counts
    categories = [*TOLERATED, [repeated], SORTS]
    if pattern is not None:
        columns = list(pattern.callback.view_class.table_class.base_columns)
        orders = [",".join(columns), ",".join(f"-{column}" for column in columns)]
        categories[-1] = SORTS + [f"sort={order}" for order in orders]
    longest = max(len(c) for c in categories)
    return ["&".join(c[i] for c in categories if i < len(c)) for i in range(longest)]


def refused_queries(filterset, world, role) -> list[tuple[str, set[str]]]:
    """(query, the fields it should refuse): every field of the filter set given the same
    junk at once, and then each field another organisation's object (or year)."""
    queries = []
    for value in REFUSED:
        fields = {
            name
            for name, field in filterset.base_filters.items()
            if not isinstance(field, django_filters.CharFilter) or value == NUL
        }
        query = "&".join(f"{name}={value.format(field=name)}" for name in filterset.base_filters)
        queries.append((query, fields))
    nacka = world.nacka
    others = {type(o): o for o in (nacka.organisation, nacka.board, nacka.audit, nacka.review)}
    theirs = {}  # (audit firms are shared, and statuses are the same everywhere)
    for name, field in filterset.base_filters.items():
        if isinstance(field, django_filters.ModelChoiceFilter) and field.queryset.model in others:
            theirs[name] = others[field.queryset.model].pk
        elif name == "year":
            theirs[name] = NACKA_YEAR
    query = "&".join(f"{name}={value}" for name, value in theirs.items())
    queries.append((query, set() if role == "admin" else set(theirs)))
    return queries


def all_junk(world) -> str:
    """Everything at once, for the pages without filters."""
    fields = {}
    for pattern in app_urls().values():
        if filterset := filterset_of(pattern):
            fields.update(filterset.base_filters)
    refused = [f"{field}={value.format(field=field)}" for field in fields for value in REFUSED]
    return "&".join([*tolerated_queries(world), *refused])


def organisation_queries(world, role) -> list[tuple[str, int | None]]:
    """(query, status) for a create page; None: the clean page's status."""
    haninge, nacka = world.haninge.organisation.pk, world.nacka.organisation.pk
    return [
        *[(f"organisation={value}", 404) for value in ["", "abc", "-1", "0", HUGE, "1.5", NUL]],
        ("", 404),
        (f"organisation={nacka}", 200 if role == "admin" else 404),
        (f"organisation=abc&organisation={haninge}", None),  # the last one counts
        (f"organisation={haninge}&organisation=abc", 404),
        (f"{all_junk(world)}&organisation={haninge}", None),
    ]


def query_cases(pattern: URLPattern, role: str, world) -> list[tuple[str, int, set[str]]]:
    """(query, status, refused filter fields) for the page and the role."""
    clean = MATRIX[pattern.name][1][role]
    if filterset := filterset_of(pattern):
        cases = [(query, clean, set()) for query in tolerated_queries(world, pattern)]
        return cases + [(q, clean, fields) for q, fields in refused_queries(filterset, world, role)]
    if pattern.name in READS_QUERY:
        own = READS_QUERY[pattern.name]
        return [
            ("unknown=1&page=abc&q=x", clean, set()),  # not its parameters: ignored
            *[(f"{own}={value}", 400, set()) for value in ["abc", "-1", HUGE, NUL, "1.5"]],
            (all_junk(world), 400, set()),
        ]
    if takes_organisation(pattern):
        return [
            (query, clean if status is None else status, set())
            for query, status in organisation_queries(world, role)
        ]
    return [(all_junk(world), clean, set())]  # one request: nothing here reads the query


def hostile_get(client: Client, url: str):
    """GET without raising the view's exception: a 500 is a result to report, and a
    database error must not spoil the requests after it."""
    with transaction.atomic():
        response = client.get(url)
        if response.status_code >= 500:
            transaction.set_rollback(True)
        return response


def described(response) -> str:
    if response.status_code >= 500 and response.exc_info:
        error = response.exc_info[1]
        return f"{response.status_code} {type(error).__name__}: {str(error)[:200]}"
    return str(response.status_code)


CASES = [(name, role) for name in app_urls() for role in ROLES]
IDS = [f"{name}-{role}" for name, role in CASES]


@pytest.mark.parametrize("name, role", CASES, ids=IDS)
def test_junk_in_the_query_string_gets_a_message_or_a_4xx(db, world, name, role):
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    pattern = app_urls()[name]
    url = url_for(name, world.haninge)
    filterset = filterset_of(pattern)
    wrong = []
    for query, status, refused in query_cases(pattern, role, world):
        response = hostile_get(client, f"{url}?{query}")
        shown = set()
        if response.status_code == 200 and filterset:
            form = response.context["filter"].form
            html = response.content.decode()
            shown = {f for f in form.errors if f'id="{form[f].auto_id}_error"' in html}
        if response.status_code == 400 and pattern.name in READS_QUERY:
            # Refused with the field named, never a bare error page.
            html = response.content.decode()
            if "Adressen frågar efter något som inte finns" not in html:
                status = "400 with a message"
        if response.status_code != status or shown != refused:
            wrong.append(
                f"?{query[:300]}\n    → {described(response)} {sorted(shown)}"
                f", expected {status} {sorted(refused)}"
            )
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name, role", CASES, ids=IDS)
def test_junk_in_the_path_is_a_404(db, world, name, role):
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    pattern = app_urls()[name]
    clean = MATRIX[name][1][role]
    missing = 405 if clean == 405 else 404  # a POST-only view refuses the method first
    cases = []
    for kwarg in pattern.pattern.converters:
        for value in ("0", HUGE):
            cases.append((url_for(name, world.haninge, **{kwarg: value}), missing))
    if pattern.pattern.converters:  # another organisation's object
        cases.append((url_for(name, world.nacka), clean if role == "admin" else missing))
    wrong = []
    for url, status in cases:
        response = hostile_get(client, url)
        if response.status_code != status:
            wrong.append(f"{url} → {described(response)}, expected {status}")
    assert not wrong, "\n".join(wrong)
