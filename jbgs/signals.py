from celery.signals import worker_ready


@worker_ready.connect
def _heartbeat_on_start(sender=None, **kwargs):
    """A worker that just started counts as alive, for the queues it consumes, before beat's
    first heartbeat."""
    from jbgs.tasks import record_heartbeat

    queues = getattr(getattr(sender, "task_consumer", None), "queues", None) or []
    record_heartbeat([queue.name for queue in queues])
