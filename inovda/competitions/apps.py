from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees(user) -> bool:
    from inovda.organizations.access import memberships

    return user.is_authenticated and (
        bool(memberships(user)) or user.is_superuser or user.competition_reviews.exists()
    )


class CompetitionsConfig(AppConfig):
    name = "inovda.competitions"
    label = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from inovda.core.extensions import NavItem, nav_item

        nav_item(
            NavItem(
                label=_("Competitions"),
                url_name="competitions:list",
                app_name="competitions",
                order=57,
                visible=_sees,
                menu=_("Problems"),
            )
        )
