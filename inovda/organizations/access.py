"""Who may see what: every page, API call, export and download resolves objects through
the user with these helpers (data-hub-api's two scopes: own agency vs all agencies).

A user's memberships are read once per request and cached on the user object.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import AGENCY_ROLES, PEMDA_ROLES, Agency, LocalGovernment, Membership, Role

# Province-level roles that also read the province's kabupaten/kota.
PROVINCE_READ_ROLES = frozenset({Role.LEADERSHIP, Role.PEMDA_ADMIN, Role.VERIFIER})


def memberships(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_inovda_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("pemda", "agency"))
        user._inovda_memberships = cached
    return cached


def forget(user) -> None:
    """Drop the cached memberships (after they change)."""
    if hasattr(user, "_inovda_memberships"):
        del user._inovda_memberships


def roles(user) -> set[str]:
    return {m.role for m in memberships(user)}


def pemda_ids_with_role(user, *wanted: str) -> set[int]:
    return {m.pemda_id for m in memberships(user) if m.role in wanted}


def agency_ids_with_role(user, *wanted: str) -> set[int]:
    return {m.agency_id for m in memberships(user) if m.role in wanted and m.agency_id}


def has_role(user, pemda_id: int, *wanted: str) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return pemda_id in pemda_ids_with_role(user, *wanted)


def home_pemda_id(user) -> int | None:
    """Which Pemda is "mine" when a page names none: the Pemda of the user's memberships,
    a Pemda-wide role before an agency role, then the lowest id (one rule for every app)."""
    own = memberships(user)
    if not own:
        return None
    return min(own, key=lambda m: (m.role not in PEMDA_ROLES, m.pemda_id)).pemda_id


def province_ids(user) -> set[int]:
    """Provinces where the user holds a role that also reads the province's kabupaten/kota."""
    return {
        m.pemda_id
        for m in memberships(user)
        if m.role in PROVINCE_READ_ROLES and m.pemda.kind == LocalGovernment.Kind.PROVINCE
    }


def province_member_ids(user) -> set[int]:
    """The province reading rule, once: the kabupaten/kota of `province_ids(user)`."""
    provinces = province_ids(user)
    if not provinces:
        return set()
    members = LocalGovernment.objects.filter(province_id__in=provinces)
    return set(members.values_list("id", flat=True))


def readable_pemda_ids(user) -> set[int]:
    """Every Pemda whose published (non-draft) records the user may read."""
    return {m.pemda_id for m in memberships(user)} | province_member_ids(user)


def pemdas_for_user(user):
    if getattr(user, "is_superuser", False):
        return LocalGovernment.objects.all()
    return LocalGovernment.objects.filter(id__in=readable_pemda_ids(user))


def agencies_for_user(user):
    """Agencies the user may see (for filters and pickers)."""
    if getattr(user, "is_superuser", False):
        return Agency.objects.select_related("pemda")
    return Agency.objects.filter(pemda_id__in=readable_pemda_ids(user)).select_related("pemda")


def agencies_user_can_create_for(user):
    """Agencies in which the user may register an innovation."""
    if getattr(user, "is_superuser", False):
        return Agency.objects.filter(is_active=True)
    own = agency_ids_with_role(user, *AGENCY_ROLES)
    admin = pemda_ids_with_role(user, Role.PEMDA_ADMIN)
    return Agency.objects.filter(Q(id__in=own) | Q(pemda_id__in=admin), is_active=True)


def has_any_role(user, wanted: Iterable[str]) -> bool:
    return bool(roles(user) & set(wanted)) or getattr(user, "is_superuser", False)


def require(allowed: bool, message) -> None:
    """The one way a rule refuses: 403 with its translated message. Each app's
    `access.require_*` helper names its rule and message once; views, services and the API
    call that helper."""
    if not allowed:
        raise PermissionDenied(message)


def pemda_wide(user) -> Q:
    """Rows shared with everyone who reads their Pemda (a `pemda_id` column: events,
    library documents in the search index)."""
    return Q(pemda_id__in=readable_pemda_ids(user))


def one_member_pemda(scope):
    """The Pemda of a single-Pemda, Pemda-wide dashboard scope the user belongs to, else
    None (the sections that show one Pemda's own boards use it)."""
    if len(scope.pemdas) != 1 or scope.agency is not None or scope.theme is not None:
        return None
    pemda = scope.pemda
    user = scope.user
    if getattr(user, "is_superuser", False) or pemda.pk in {m.pemda_id for m in memberships(user)}:
        return pemda
    return None


__all__ = [
    "AGENCY_ROLES",
    "PEMDA_ROLES",
    "Role",
    "agencies_for_user",
    "agencies_user_can_create_for",
    "agency_ids_with_role",
    "has_any_role",
    "has_role",
    "home_pemda_id",
    "memberships",
    "one_member_pemda",
    "pemda_wide",
    "pemda_ids_with_role",
    "pemdas_for_user",
    "province_ids",
    "province_member_ids",
    "readable_pemda_ids",
    "require",
    "roles",
]


def viewer_key(user) -> str:
    """Who sees what: users with the same memberships see the same figures."""
    if getattr(user, "is_superuser", False):
        return "su"
    rows = sorted((m.pemda_id, m.agency_id or 0, str(m.role)) for m in memberships(user))
    return ";".join(f"{p}.{a}.{r}" for p, a, r in rows)
