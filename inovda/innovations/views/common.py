"""The one way a form page behaves: GET shows it; a valid POST calls the service; a
refusal keeps what was typed and answers 400 with the reasons."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def form_page(
    request,
    innovation,
    form,
    *,
    title,
    save,
    intro="",
    anchor="",
    multipart=False,
    template="innovations/form_page.html",
    extra=None,
    done=None,
):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done or _("Saved."))
            return redirect(f"{innovation.get_absolute_url()}{anchor}")
    context = {
        "innovation": innovation,
        "form": form,
        "title": title,
        "intro": intro,
        "multipart": multipart,
        "cancel": f"{innovation.get_absolute_url()}{anchor}",
        **(extra or {}),
    }
    return render(request, template, context, status=400 if form.errors else 200)


def run_service(request, fn, success: str = "", **kwargs):
    """A button's POST: call the service as the user; a refusal (ValidationError or
    PermissionDenied) becomes an error message, success the `success` message. Returns
    the service's result (True when it returns None), or None when refused."""
    from django.core.exceptions import PermissionDenied

    try:
        result = fn(actor=request.user, **kwargs)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return None
    if success:
        messages.success(request, success)
    return True if result is None else result
