import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Watchers poll a lot's live state every second: answered from the cache in front of Django.
from auction.fastpath import LiveStateFastPath  # noqa: E402 (needs the apps loaded)

application = LiveStateFastPath(application)
