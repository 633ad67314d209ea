import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# A web request's statement that runs this long is cut off and answered `busy` (see
# jbgs.locking); workers and management commands have no such limit.
os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "30000")
application = get_wsgi_application()

# Watchers poll a lot's live state every second: answered from the cache in front of Django.
# Bids by API token: placed by the same services in front of Django's request cycle.
from auction.fastpath import BidFastPath, LiveStateFastPath  # noqa: E402 (needs the apps loaded)

application = LiveStateFastPath(BidFastPath(application))
