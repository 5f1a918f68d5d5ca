"""The sign-in form: Django's own, with a refusal written for Indonesian.

Django's message ("Please enter a correct %(username)s and password") names the username
field by its label; Django's Indonesian catalogue already says "nama pengguna" around the
placeholder, so the page read "Masukkan nama pengguna nama pengguna dan sandi yang benar".
"""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or the password is wrong. Capital and small letters count in both."
        ),
    }
