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


def for_viewer(request, name: str, build):
    """`build()` as the cache holds it for this viewer, page and query string."""
    user = request.user
    if user.is_superuser:
        return build()
    return cached(
        sorted(access.readable_pemda_ids(user)),
        ("page", name, request.path, query_without_page(request), access.viewer_key(user)),
        build,
    )


def paginate(request, queryset) -> Page:
    """The requested page; the number of rows is one of the viewer's cached figures."""
    paginator = Paginator(queryset, settings.INOVDA["PAGE_SIZE"])
    paginator.count = for_viewer(request, "count", queryset.count)  # a cached_property
    return paginator.get_page(request.GET.get("page"))
