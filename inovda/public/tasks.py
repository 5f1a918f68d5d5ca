"""Background work of the public side; `manage.py run_daily` enqueues the `DAILY` ones."""

from django.tasks import task


@task()
def send_proposal_progress() -> int:
    """E-mail each proposer the lifecycle steps their innovation took since the last mail."""
    from . import conf
    from .services import progress_mail

    return progress_mail(base_url=conf.get("SITE_URL"))


DAILY = [send_proposal_progress]
