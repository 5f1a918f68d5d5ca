from django.core.management.base import BaseCommand
from django.db import transaction

from inovda.core.datafiles import app_modules


class Command(BaseCommand):
    help = "Load reference data (Pemda, affairs, tags, IID catalogues…) from data/reference."

    def handle(self, *args, **options):
        with transaction.atomic():
            for module in app_modules("reference"):
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
