"""How a dashboard chart is drawn: what static/reports/charts.js reads, capped at the
configured number of bars (the table under it always lists every row)."""

from django import template

from .. import conf

register = template.Library()


@register.filter
def chart_config(chart) -> dict:
    limit = conf.get("CHART_MAX_BARS")
    return {
        "type": chart.kind,
        "labels": [str(label) for label in chart.labels[:limit]],
        "datasets": [{"label": str(s.label), "data": s.values[:limit]} for s in chart.series],
        "horizontal": chart.horizontal,
        "stacked": chart.stacked,
    }


@register.filter
def chart_truncated(chart) -> bool:
    return len(chart.labels) > conf.get("CHART_MAX_BARS")
