"""The special sessions' rows: the years' target templates are public."""

from tests.permissions.table import api_row, public


def build(world) -> None:
    pass


ROWS = [
    api_row("the years' session targets", "GET", ("sessions-api:templates",), public(), query="year=2023"),
]
