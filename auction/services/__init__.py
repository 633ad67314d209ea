"""The only place that changes the supply side's state."""
