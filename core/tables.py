"""What every module's lists share."""

from django.core.paginator import Paginator
from django.utils.formats import number_format

from .xlsx import XLSX_MAX_ROWS, xlsx_response


class ListPaginator(Paginator):
    """Django's paginator for the lists, whose page size may come from `?per_page=`:
    django-tables2 passes any integer on. One below 1 makes pages that cannot exist, and
    one in the hundreds of thousands would put a whole region on one page."""

    MAX_PER_PAGE = 200

    def __init__(self, object_list, per_page, *args, **kwargs):
        per_page = min(max(per_page, 1), self.MAX_PER_PAGE)
        super().__init__(object_list, per_page, *args, **kwargs)


# A column of what people wrote (titles, names, recommendation texts): Swedish, marked so
# that a screen reader reads it as Swedish under an English interface (WCAG 3.1.2).
USER_TEXT = {"td": {"lang": "sv"}}


class XlsxDownloadMixin:
    """For a list view with a django-tables2 table (`SingleTableMixin`): `?format=xlsx`
    answers with every row the filters select (not one page of them) as an Excel file,
    the table's columns with their values (`value_<column>` where a cell renders HTML).
    `templates/reviews/_table.html` offers the link wherever `table.xlsx_url` is set.

    At most `XLSX_MAX_ROWS` rows: a whole region's 290,000 recommendations took 136 s
    and 4.8 GB in one request (benchmarks/README.md). Beyond it the page says to narrow
    the list, and a download asked for anyway is refused with that page (400)."""

    xlsx_filename = "tabell"

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        query = self.request.GET.copy()
        query.pop(table.prefixed_page_field, None)
        query["format"] = "xlsx"
        table.xlsx_url = f"?{query.urlencode()}"
        paginator = getattr(table, "paginator", None)
        rows = paginator.count if paginator is not None else len(table.rows)
        table.xlsx_too_many = rows > XLSX_MAX_ROWS
        table.xlsx_max_rows = number_format(XLSX_MAX_ROWS, force_grouping=True)
        return table

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("format") == "xlsx":
            table = context["table"]
            if table.xlsx_too_many:
                table.xlsx_refused = True
                return super().render_to_response(context, status=400, **kwargs)
            return xlsx_response(
                table.as_values(),
                title=str(getattr(table, "caption", "") or self.xlsx_filename),
                filename=f"{self.xlsx_filename}.xlsx",
            )
        return super().render_to_response(context, **kwargs)
