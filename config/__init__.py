"""Project wiring: settings, the root URLs, the WSGI entry and the Celery app. It sits
outside the ladder of apps (jbgs ← auction ← challenge ← sessions_mgmt) and may import any
of them; none of them imports it."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
