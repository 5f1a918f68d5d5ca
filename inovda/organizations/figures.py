"""What a list page counts and sums, computed once per change in the Pemda its viewer reads.

A register's counts, heat maps and totals, and the number of rows of a paginated list, are
cached per Pemda version (inovda.core.cache: any audited change in the Pemda moves it on),
per viewer (users with the same memberships see the same figures) and per query string, so
a page costs the same whatever the size of the Pemda until something in it changes. A
system administrator (who reads every Pemda) gets them computed on each request.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator

from inovda.core.cache import cached

from . import access


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def for_viewer(request, name: str, build, *, per_query: bool = True):
    """`build()` as the cache holds it for this viewer, page and (unless the figure does
    not depend on it: `per_query=False`) query string."""
    user = request.user
    if user.is_superuser:
        return build()
    query = query_without_page(request) if per_query else ""
    return cached(
        sorted(access.readable_pemda_ids(user)),
        ("page", name, request.path, query, access.viewer_key(user)),
        build,
    )


class _KeysFirst(Paginator):
    """Orders and cuts the page on the rows' keys alone, then loads the page's rows: the
    database sorts narrow rows, not every wide row (with its joined records) of the list."""

    def _get_page(self, object_list, number, paginator):
        keys = list(object_list.values_list("pk", flat=True))
        rows = self.object_list.order_by().filter(pk__in=keys).in_bulk()
        return super()._get_page([rows[k] for k in keys if k in rows], number, paginator)


def paginate(request, queryset) -> Page:
    """The requested page; the number of rows is one of the viewer's cached figures."""
    paginator = _KeysFirst(queryset, settings.INOVDA["PAGE_SIZE"])
    paginator.count = for_viewer(request, "count", queryset.count)  # a cached_property
    return paginator.get_page(request.GET.get("page"))
