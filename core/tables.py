"""What every module's lists share."""

from django.core.paginator import Paginator


class ListPaginator(Paginator):
    """Django's paginator for the lists, whose page size may come from `?per_page=`:
    django-tables2 passes any integer on. One below 1 makes pages that cannot exist, and
    one in the hundreds of thousands would put a whole region on one page."""

    MAX_PER_PAGE = 200

    def __init__(self, object_list, per_page, *args, **kwargs):
        per_page = min(max(per_page, 1), self.MAX_PER_PAGE)
        super().__init__(object_list, per_page, *args, **kwargs)
