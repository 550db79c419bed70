"""Every page, as every role, in the state `make run` leaves: each demo person signs in and
follows every link the app shows them, once per kind of page. On each page, at 320 px wide:

- axe-core finds no WCAG 2.1 A/AA violation;
- nothing scrolls sideways (1.4.10 reflow; a wide table scrolls in its own box);
- every target is at least 24 × 24 px, or is a link in running text, or has room around
  it (2.5.8, the AA target size of WCAG 2.2, which the issue asks for).

Between the roles the crawl must reach every page of the permission matrices that is a
page (not a download or an action): a new page nobody links to fails here.

Set AUDIT_TRACKER_SCREENSHOTS=1 to save each page at 1280 and 390 px in artifacts/ too.
"""

import os
from collections import Counter
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from reviews.management.commands.create_demo_users import DEMO_USERS, demo_password
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_internal_control_flow import axe_violations
from tests.browser.test_reflow import OVERFLOW
from tests.internal_control import test_permissions as ic_permissions
from tests.internal_control.conftest import SOCIAL, UPPSALA, import_text
from tests.views import test_permissions as review_permissions
from tests.views.test_permissions import people, small_haninge_review  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("AUDIT_TRACKER_SCREENSHOTS") == "1"
# Not pages: files to download, and the admin (Django's own, for staff).
NOT_PAGES = {
    "review-summary-csv",
    "review-summary-xlsx",
    "review-pdf",
    "review-docx",
    "review-render-download",
    "plan-pdf",
    "round-pdf",
    "logout",
}
SKIPPED_PREFIXES = ("/admin/", "/static/", "/i18n/")
VISITS_PER_KIND = 3

# Targets smaller than 24 × 24 px: any button or field, and a link that is neither in
# running text nor far enough from every other target (a 24 px circle around it must not
# touch another target).
SMALL_TARGETS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const visible = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden';
  };
  const targets = [...document.querySelectorAll(selector)].filter(visible);
  const inText = el => {
    if (getComputedStyle(el).display !== 'inline') return false;
    const block = el.parentElement.closest('p, li, dd, td, th, .hint, .notice, label, div');
    const words = block ? block.innerText.replace(el.innerText, '').trim() : '';
    return words.length > 0;
  };
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const touches = (c, r) => {
    const dx = Math.max(r.left - c[0], 0, c[0] - r.right);
    const dy = Math.max(r.top - c[1], 0, c[1] - r.bottom);
    return dx * dx + dy * dy < 144;
  };
  return targets.filter(el => {
    const r = el.getBoundingClientRect();
    if (r.width >= 24 && r.height >= 24) return false;
    // Buttons and fields are never smaller (one size for all of them, in the style sheet).
    if (el.tagName !== 'A') return true;
    if (inText(el)) return false;
    const c = centre(r);
    return targets.some(other => other !== el && !el.contains(other) && !other.contains(el)
      && touches(c, other.getBoundingClientRect()));
  }).slice(0, 8).map(el => `${el.tagName}${el.name ? '[name=' + el.name + ']' : ''} `
    + `"${(el.innerText || el.value || '').trim().slice(0, 30)}" `
    + `${Math.round(el.getBoundingClientRect().width)}×`
    + `${Math.round(el.getBoundingClientRect().height)}`);
}"""


def html_pages(matrix: dict) -> set[str]:
    """The matrix's views someone may GET as a page."""
    return {
        name
        for name, (_kind, reading, _writing) in matrix.items()
        if name not in NOT_PAGES and 200 in reading.values()
    }


@pytest.fixture
def demo(settings, seed_review):
    """What `make run` stores: the seed review published, 2025 started, the two boards'
    internal control and the demo people."""
    settings.DEBUG = True
    import_text(UPPSALA.read_text(encoding="utf-8"))
    import_text(SOCIAL.read_text(encoding="utf-8"))
    call_command("create_demo_users", stdout=StringIO())
    call_command("prepare_demo", stdout=StringIO())
    settings.DEBUG = False


def page_kind(url: str) -> str | None:
    """The view's name, with "?" when the URL asks for a part of the page (one board of
    the boards page, a filtered list), or None for what is not a page of the app."""
    parts = urlsplit(url)
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        name = resolve(parts.path).url_name
    except Resolver404:
        return None
    if name is None or name in NOT_PAGES:
        return None  # None: the front page, a redirect to the reviews
    return name + ("?" if parts.query else "")


def crawl(page, base: str, start: str, label: str) -> tuple[set[str], dict]:
    """Follow the links from `start`, one page of each kind; what each page fails."""
    visits: Counter[str] = Counter()
    failures: dict[str, list[str]] = {}
    queue = [start]
    visited: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        kind = page_kind(url)
        # Each kind of page is checked once; up to three of a kind are read for their
        # links (one plan may be adopted, the next still a draft with its edit links).
        if kind is None or visits[kind] == VISITS_PER_KIND:
            continue
        visits[kind] += 1
        if visits[kind] > 1:
            page.goto(base + url, wait_until="load")
            queue.extend(links_on(page))
            continue
        name = f"{label}-{kind.rstrip('?')}{'-part' if '?' in kind else ''}"
        if problems := check(page, base + url, name):
            failures[f"{kind} {url}"] = problems
        queue.extend(links_on(page))
    return set(visits), failures


def check(page, url: str, name: str) -> list[str]:
    """Load the page at 320 px wide; what it fails of axe, reflow and target size."""
    page.set_viewport_size({"width": 320, "height": 700})
    response = page.goto(url, wait_until="load")
    assert response.status == 200, f"{url} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    problems = axe_violations(page)
    if sticking_out := page.evaluate(OVERFLOW):
        problems.append(f"scrolls sideways at 320 px: {sticking_out}")
    if small := page.evaluate(SMALL_TARGETS):
        problems.append(f"targets under 24 px: {small}")
    if SCREENSHOTS:
        ARTIFACTS.mkdir(exist_ok=True)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(ARTIFACTS / f"every-{name}-{width}.png"), full_page=True)
    return problems


def links_on(page) -> list[str]:
    """The app's own addresses the page links to (not other sites, not jumps within, not
    files to download)."""
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "links => links.map(a => a.getAttribute('href'))"
    )
    return [
        parts.path + (f"?{parts.query}" if parts.query else "")
        for parts in map(urlsplit, hrefs)
        if not parts.netloc and parts.path.startswith("/")
    ]


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(demo_password(username))
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")


def test_every_page_as_every_role_passes_axe_reflow_and_target_size(live_server, page, demo):
    reached: set[str] = set()
    failures: dict[str, dict] = {}
    # Signed out: the sign-in page and where it leads (the password reset).
    kinds, failed = crawl(page, live_server.url, "/accounts/login/", "anonymous")
    assert {"login", "password_reset"} <= kinds
    failures["anonymous"] = failed
    for username, *_names in DEMO_USERS:
        page.context.clear_cookies()
        sign_in(page, live_server.url, username)
        kinds, failures[username] = crawl(page, live_server.url, "/reviews/", username)
        reached |= {kind.rstrip("?") for kind in kinds}
    report = [
        f"{role} at {where}: {problem}"
        for role, failed in failures.items()
        for where, problems in failed.items()
        for problem in problems
    ]
    assert report == [], "\n".join(report)
    # What the demo people reach by links (the rest is in the sweeps below).
    assert {
        "review-list",
        "review-summary",
        "review-boards",
        "review-edit",
        "assessment-screen",
        "audit-list",
        "audit-edit",
        "response-create",
        "recommendation-list",
        "recommendation-detail",
        "report-parts",
        "plan-list",
        "plan-detail",
        "round-detail",
        "action-list",
        "password_change",
    } <= reached


def sign_in_as(page, base: str, user) -> None:
    """Signed in as `user` without the form (the sweeps visit hundreds of pages)."""
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])


def readable(matrix: dict) -> int:
    """How many (page, role) pairs the matrix lets read."""
    return sum(
        1 for name in html_pages(matrix) for status in matrix[name][1].values() if status == 200
    )


def sweep(page, base: str, matrix: dict, users: dict, url_of) -> tuple[int, list[str]]:
    """Every page of the matrix as every role that may read it: how many were checked,
    and what each fails."""
    visited, report = 0, []
    for role, user in users.items():
        sign_in_as(page, base, user)
        for name in sorted(html_pages(matrix)):
            if matrix[name][1][role] != 200:
                continue
            url = url_of(name)
            problems = check(page, base + url, f"{role}-{name}")
            visited += 1
            report += [f"{role} at {name} {url}: {problem}" for problem in problems]
    return visited, report


def test_every_review_page_as_every_role(live_server, page, request):
    # The permission matrix's own world: a small Haninge kommun and one person per role.
    users = request.getfixturevalue("people")
    review = request.getfixturevalue("small_haninge_review")

    def url_of(name):
        return review_permissions.url_for(name, review_permissions.MATRIX[name][0], review)

    visited, report = sweep(page, live_server.url, review_permissions.MATRIX, users, url_of)
    assert report == [], "\n".join(report)
    assert visited == readable(review_permissions.MATRIX)


def test_every_internal_control_page_as_every_role(live_server, page):
    world = ic_permissions.build_matrix_world()
    visited, report = sweep(
        page, live_server.url, ic_permissions.MATRIX, world.users, world.urls.get
    )
    assert report == [], "\n".join(report)
    assert visited == readable(ic_permissions.MATRIX)
