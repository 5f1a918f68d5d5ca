from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from inovda.core.datafiles import app_modules


class Command(BaseCommand):
    help = "Load the demo city (Kota Malang) and demo users. Safe to run again."

    def handle(self, *args, **options):
        call_command("load_reference", stdout=self.stdout)
        with transaction.atomic():
            for module in app_modules("demo"):
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
