"""Background work: the import runs in the task worker (`manage.py db_worker`)."""

from django.tasks import task


@task()
def run_import(job_id: int) -> None:
    from . import services

    services.import_job_run(job_id=job_id)
