from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "inovda.accounts"
    label = "accounts"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed
        from django.utils.translation import gettext_lazy as _

        from inovda.core.models import register_verbs

        from . import throttling

        register_verbs(
            {
                "login_failed": _("failed to sign in as"),
                "login_locked_out": _("locked out the sign-in of"),
                "login_lockout_lifted": _("lifted the sign-in lock-out of"),
            }
        )
        user_login_failed.connect(throttling.on_login_failed, dispatch_uid="accounts.audit_fail")
        user_locked_out.connect(throttling.on_locked_out, dispatch_uid="accounts.audit_lockout")
