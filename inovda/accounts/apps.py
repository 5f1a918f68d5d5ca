from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "inovda.accounts"
    label = "accounts"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import (
            user_logged_in,
            user_logged_out,
            user_login_failed,
        )
        from django.utils.translation import gettext_lazy as _

        from inovda.core.desk import DeskPanel
        from inovda.core.desk import register as register_desk
        from inovda.core.extensions import NavItem, nav_item
        from inovda.core.models import register_verbs

        from . import throttling

        register_verbs(
            {
                "login": _("signed in as"),
                "logout": _("signed out as"),
                "login_failed": _("failed to sign in as"),
                "login_locked_out": _("locked out the sign-in of"),
                "login_lockout_lifted": _("lifted the sign-in lock-out of"),
            }
        )
        user_login_failed.connect(throttling.on_login_failed, dispatch_uid="accounts.audit_fail")
        user_logged_in.connect(throttling.on_logged_in, dispatch_uid="accounts.audit_login")
        user_logged_out.connect(throttling.on_logged_out, dispatch_uid="accounts.audit_logout")
        user_locked_out.connect(throttling.on_locked_out, dispatch_uid="accounts.audit_lockout")
        nav_item(
            NavItem(
                label=_("Sign-in lock-outs"),
                url_name="accounts:lockouts",
                app_name="accounts",
                order=85,
                icon="shield-lock",
                end=True,
                visible=throttling.administers_accounts,
            )
        )
        register_desk(
            DeskPanel(
                key="lockouts",
                title=_("Accounts"),
                build=throttling.desk_lines,
                order=48,
                icon="shield-lock",
            )
        )
