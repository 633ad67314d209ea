"""What the demand side tells the apps above it (the special sessions), sent after the change
commits (jbgs.events). Each is sent with the model class as sender."""

from jbgs.events import DomainSignal

demands_published = DomainSignal(
    "challenge.demands_published", ("hot_list", "demands"),
    "A hot list was published, and its demands with it (HotList, list of Demand).")
intention_recorded = DomainSignal(
    "challenge.intention_recorded", ("cooperation",),
    "An enterprise recorded its intention to work with a solver: a cooperation opened (Cooperation).")
