"""Rendering HTML to PDF with WeasyPrint, never reaching outside the project's static
files: `StaticFilesOnly` refuses every other URL (network, data:, files elsewhere).

A report is a Swedish municipality's document: `report_locale` builds and renders it in
Swedish and with Stockholm's dates, whatever the language and time zone of who asks, and
the PDF is tagged (PDF/UA-1: a structure tree, the document's language) for screen
readers."""

import mimetypes
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSETS = Path(settings.BASE_DIR) / "static"
REPORT_LANGUAGE = "sv"
REPORT_TIME_ZONE = ZoneInfo("Europe/Stockholm")
PDF_VARIANT = "pdf/ua-1"


@contextmanager
def report_locale():
    """Swedish words and Stockholm's dates while a report is built and rendered: a
    review published at 00:30 Swedish time carries that day's date, and a user with an
    English browser gets the same document (and the same render) as everyone else. Also a
    decorator: `@report_locale()`."""
    with translation.override(REPORT_LANGUAGE), timezone.override(REPORT_TIME_ZONE):
        yield


class RefusedFetch(ValueError):
    """The report asked for something outside the project's static files."""


class StaticFilesOnly(URLFetcher):
    """A WeasyPrint URL fetcher that serves files under `root` and refuses the rest:
    no network, no data: URLs, no file elsewhere on disk (symlinks and ".." resolved)."""

    def __init__(self, root: Path = ASSETS):
        super().__init__(allowed_protocols={"file"})
        self.root = root.resolve()

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedFetch(f"refused (not a static file): {url}")
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedFetch(f"refused (outside the static files): {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )


def render_pdf(html: str, *, fetcher: URLFetcher | None = None) -> bytes:
    """The PDF of a page of HTML whose stylesheets and fonts are under `static/`."""
    document = HTML(
        string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher or StaticFilesOnly()
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT)
