"""The jbgs portal: settings, URLs, the Celery app, and the shared kernel (organisations,
people and roles, regions, industry fields, campaign years, audit, notifications, files)."""

from jbgs.celery import app as celery_app

__all__ = ["celery_app"]
