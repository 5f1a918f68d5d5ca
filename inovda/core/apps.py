from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import bounds

# Before any app's admin or forms module builds its fields (the admin's autodiscovery runs
# before this app's ready()): every text a user fills is bounded (see core/bounds.py).
bounds.install_forms()

# Django 6.1's empty choice of every select list; Django itself ships no Indonesian text for
# it, so core's catalogue carries it (marked here so that it stays in the catalogue).
BLANK_CHOICE_LABEL = _("- Select an option -")


class CoreConfig(AppConfig):
    name = "inovda.core"
    label = "core"

    def ready(self):
        bounds.install_serializers()

        from .extensions import NavItem, nav_item
        from .notifications import unread_count

        nav_item(NavItem(label=_("Home"), url_name="home", app_name="core", order=0))
        nav_item(
            NavItem(
                label=_("Notifications"),
                url_name="notifications",
                app_name="core",
                order=90,
                icon="bell",
                end=True,
                badge=unread_count,
            )
        )
