from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "inovda.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from . import exports, extensions, indexers, receivers

        exports.register()
        receivers.connect()
        indexers.register_all()
        extensions.register_all()
        from inovda.core import attendance

        from .selectors import training_attendance

        attendance.register(training_attendance)
