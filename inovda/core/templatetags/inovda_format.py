"""Template filters for figures in Indonesian form (`inovda.core.formats`):
``{{ amount|money }}`` → Rp 11.450.000.000, ``{{ share|percent }}`` → 57,5 %,
``{{ ratio|ratio_percent }}``, ``{{ n|number }}``, ``{{ stat.value|figure }}``,
``{{ day|long_date }}`` → 4 Desember 2026."""

from django import template

from inovda.core import formats

register = template.Library()

register.filter("number", formats.number)
register.filter("figure", formats.figure)
register.filter("money", formats.money)
register.filter("percent", formats.percent)
register.filter("ratio_percent", formats.ratio_percent)
register.filter("long_date", formats.long_date)
register.filter("long_datetime", formats.long_datetime)
