"""What every module's lists share."""

from django.core.paginator import Paginator

from .xlsx import xlsx_response


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
    `templates/reviews/_table.html` offers the link wherever `table.xlsx_url` is set."""

    xlsx_filename = "tabell"

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        query = self.request.GET.copy()
        query.pop(table.prefixed_page_field, None)
        query["format"] = "xlsx"
        table.xlsx_url = f"?{query.urlencode()}"
        return table

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("format") == "xlsx":
            table = context["table"]
            return xlsx_response(
                table.as_values(),
                title=str(getattr(table, "caption", "") or self.xlsx_filename),
                filename=f"{self.xlsx_filename}.xlsx",
            )
        return super().render_to_response(context, **kwargs)
