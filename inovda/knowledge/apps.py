from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "inovda.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from . import desk, exports, extensions, indexers, receivers

        exports.register()
        desk.register_desk()
        receivers.connect()
        indexers.register_all()
        extensions.register_all()
