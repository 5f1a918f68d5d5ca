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
