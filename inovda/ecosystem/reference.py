"""Load the five-factor self-assessment questions from data/reference (idempotent).

A question no longer in the file is kept (old answers refer to it) but retired."""

from inovda.core.datafiles import read_csv, reference_path

from .models import AssessmentQuestion


def load(stdout) -> None:
    rows = list(read_csv(reference_path("ecosystem_self_assessment_questions.csv")))
    codes = []
    for position, row in enumerate(rows):
        AssessmentQuestion.objects.update_or_create(
            code=row["code"],
            defaults={
                "factor": row["factor"],
                "text": row["text"],
                "text_en": row["text_en"],
                "position": position,
                "is_active": True,
            },
        )
        codes.append(row["code"])
    AssessmentQuestion.objects.exclude(code__in=codes).update(is_active=False)
    stdout.write(f"Self-assessment questions: {len(rows)}.")
