from django.core.management.base import BaseCommand

from inovda.knowledge import indexing


class Command(BaseCommand):
    help = "Rebuild the knowledge search index from the records (all types, or those named)."

    def add_arguments(self, parser):
        parser.add_argument("types", nargs="*", help="document types, e.g. innovation lesson")

    def handle(self, *args, types, **options):
        known = {indexer.doc_type for indexer in indexing.indexers()}
        unknown = set(types) - known
        if unknown:
            self.stderr.write(
                f"Unknown types: {', '.join(sorted(unknown))}. Known: {sorted(known)}"
            )
            return
        total = indexing.reindex(types or None, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} documents."))
