from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "inovda.public"
    label = "public"
    verbose_name = _("Public side")

    def ready(self):
        from inovda.core.extensions import NavItem, nav_item
        from inovda.core.models import register_notification_verbs

        from . import evidence, indexers, panels

        evidence.register()
        indexers.register_all()
        panels.register()
        nav_item(
            NavItem(
                label=_("Public side"),
                url_name="public:staff_queue",
                app_name="public",
                order=80,
                visible=panels.is_public_staff,
            )
        )
        register_notification_verbs(
            {
                "publication_review": _("Public version to approve"),
                "publication_decided": _("Public version decided"),
                "proposal_moderation": _("Citizen proposal to moderate"),
                "proposal_to_answer": _("Citizen proposal to answer"),
            }
        )
