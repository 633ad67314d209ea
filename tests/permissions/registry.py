"""Every app's part of the permission table, in one place.

Each app has a module here with two names:

- `build(world)`: adds the objects its rows need to the shared world (tests.permissions.table.
  World), after the builders before it (the people first, then the kernel's: an app may use
  what the apps below it built);
- `ROWS`: its rows (tests.permissions.table.row / api_row), one per request, each with every
  role's answer.

A new app (`challenge`, then `sessions_mgmt`) adds `tests/permissions/challenge_rows.py` with
its `build` and `ROWS` and appends the module to APPS below. test_table then checks its rows
for every role, and fails while one of its routes has no row.
"""

from tests.permissions import (
    application_rows,
    auction_rows,
    challenge_rows,
    jbgs_rows,
    sessions_rows,
    transformation_rows,
    world,
)

APPS = [jbgs_rows, auction_rows, challenge_rows, sessions_rows, transformation_rows, application_rows]

BUILDERS = [world.build, *(app.build for app in APPS)]
ROWS = [row for app in APPS for row in app.ROWS]
