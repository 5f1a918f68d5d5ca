from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "inovda.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from inovda.core.models import register_notification_verbs

        from . import desk, exports, extensions, iid_counts, indexers, receivers

        exports.register()
        desk.register_desk()
        register_notification_verbs(
            {
                "action_assigned": _("Follow-up action assigned"),
                "action_overdue": _("Follow-up action overdue"),
            }
        )
        receivers.connect()
        indexers.register_all()
        extensions.register_all()
        iid_counts.register()

        from inovda.core import attendance

        from .selectors import training_attendance

        attendance.register(training_attendance)
