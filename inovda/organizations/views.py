from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from inovda.core.params import query_int

from . import access, selectors
from .models import Agency


@login_required
def agency_list(request):
    pemdas = list(access.pemdas_for_user(request.user).order_by("code"))
    pemda_id = query_int(request.GET.get("pemda"))
    if pemda_id not in {p.pk for p in pemdas}:
        pemda_id = pemdas[0].pk if len(pemdas) == 1 else None
    kind = request.GET.get("kind", "")
    rows = selectors.agency_overview(user=request.user, pemda_id=pemda_id)
    if kind:
        rows = [row for row in rows if row["agency"].kind == kind]
    context = {
        "rows": rows,
        "pemdas": pemdas,
        "pemda_id": pemda_id,
        "kind": kind,
        "kinds": Agency.Kind.choices,
        "with_innovations": sum(1 for row in rows if row["total"]),
    }
    return render(request, "organizations/agency_list.html", context)
