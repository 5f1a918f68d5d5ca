"""What-if on the command line: the full IID breakdown for hypothetical inputs.

    python manage.py iid_simulate --period 2026 --spd 40 --innovations 8 --score 80 \\
        --basic-services 6 [--next-score 80] [--json]
    python manage.py iid_simulate --period 2026 --spd 40 --scores 80,75,90 --basic-services 5
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from inovda.assessment import scoring, selectors
from inovda.assessment.forms import SimulationForm
from inovda.assessment.models import AssessmentPeriod


class Command(BaseCommand):
    help = "Simulate the IID for hypothetical inputs and print the full breakdown."

    def add_arguments(self, parser):
        parser.add_argument("--period", type=int, required=True, help="year, e.g. 2026")
        parser.add_argument("--spd", required=True, help="SPD score (region)")
        parser.add_argument("--innovations", type=int, help="number of innovations")
        parser.add_argument("--score", help="score of each innovation (with --innovations)")
        parser.add_argument("--scores", help="each innovation's score, comma separated")
        parser.add_argument(
            "--basic-services", type=int, required=True, help="basic-service affairs covered"
        )
        parser.add_argument(
            "--next-score", help="show the IID gained by one more innovation at this score"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        if not AssessmentPeriod.objects.filter(year=options["period"]).exists():
            raise CommandError(
                f"No assessment period {options['period']}; run `manage.py load_reference`."
            )
        form = SimulationForm(
            {
                "period": options["period"],
                "spd": options["spd"],
                "innovations": options["innovations"],
                "score": options["score"],
                "scores": options["scores"] or "",
                "basic_services": options["basic_services"],
                "next_score": options["next_score"],
            }
        )
        if not form.is_valid():
            problems = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()
            )
            raise CommandError(problems)
        result = selectors.simulate(**form.simulation_inputs())
        if options["json"]:
            out = result.breakdown.as_dict()
            if result.gain is not None:
                out["one_more_innovation"] = {
                    "score": float(result.next_score),
                    "iid_gain": float(scoring.r2(result.gain)),
                    "iid_after": float(scoring.r2(result.breakdown.iid.value + result.gain)),
                }
            self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False))
            return
        self.stdout.write(self._table(result))

    def _table(self, result) -> str:
        b = result.breakdown
        lines = [
            f"IID {b.rules.year} simulation",
            f"{'figure':<22}{'value':>10}  formula",
        ]
        for figure in b.figures:
            lines.append(f"{figure.key:<22}{figure.shown:>10}  {figure.formula}")
        lines += [
            f"{'predicate':<22}  {b.predicate}",
            f"{'innovations (n)':<22}{b.given.n:>10}",
            f"{'empty seats (k - n)':<22}{b.empty_seats:>10}",
            f"{'basic services':<22}{b.given.basic_covered:>10}  "
            f"(need {b.rules.basic_service_minimum}; count score "
            f"{'applies' if b.basic_ok else 'is zero'})",
        ]
        if result.gain is not None:
            lines.append(
                f"{'one more at ' + str(result.next_score):<22}{scoring.r2(result.gain):>+10}"
                f"  IID points"
            )
        return "\n".join(lines)
