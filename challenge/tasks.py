"""Celery tasks of the demand side: thin wrappers over services."""

from celery import shared_task


@shared_task(name="challenge.expire_demands", ignore_result=True)
def expire_demands() -> int:
    """Run by beat every hour: a demand expires the day after its validity ends. Hourly rather
    than at midnight, so that a night without a worker is made up for within the hour; the
    service's compare-and-set makes a repeated run change nothing."""
    from challenge.services.demands import expire_due

    return expire_due()


@shared_task(name="challenge.push_hot_list", ignore_result=True)
def push_hot_list(hot_list_id: int) -> int:
    """Push a published list to the universities, then match its demands to their solvers."""
    from challenge.services.matching import match_hot_list
    from challenge.services.pushes import push_hot_list as push

    reached = push(hot_list_id)
    match_hot_list(hot_list_id)
    return reached


@shared_task(name="challenge.push_pending_hot_lists", ignore_result=True)
def push_pending_hot_lists() -> int:
    """Run by beat: the lists whose push task was lost are pushed now."""
    from challenge.services.matching import match_hot_list
    from challenge.services.pushes import push_pending

    return push_pending(then=match_hot_list)


@shared_task(name="challenge.remind_follow_ups", ignore_result=True)
def remind_follow_ups() -> int:
    """Run by beat every hour; each manager is told at most once a day per cooperation."""
    from challenge.services.cooperations import remind_due

    return remind_due()


@shared_task(name="challenge.count_and_match", ignore_result=True)
def count_and_match() -> int:
    """Run by beat at night: the words are counted again over the grown catalogue and the
    public demands, then every public demand is matched again."""
    from challenge.services.matching import count_terms, match_public

    count_terms()
    return match_public()


@shared_task(name="challenge.send_digests", ignore_result=True)
def send_digests() -> int:
    """Run by beat in the morning; a second run the same day sends nothing twice."""
    from challenge.services.digests import send_digests as send

    return send()


@shared_task(name="challenge.repush_long_standing", ignore_result=True)
def repush_long_standing() -> int:
    """Run by beat every Monday morning: unanswered demands are pushed again to their best-matched solvers."""
    from challenge.services.pushes import repush_long_standing as repush

    return repush()
