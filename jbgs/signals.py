from celery.signals import worker_ready


@worker_ready.connect
def _heartbeat_on_start(**kwargs):
    """A worker that just started counts as alive before beat's first heartbeat."""
    from jbgs.tasks import record_heartbeat

    record_heartbeat()
