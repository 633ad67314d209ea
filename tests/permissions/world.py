"""The people of the permission table: one per role of tests.permissions.table.ROLES.

The seller unit's liaison is the bidding tests' seller (tests.auction.bidding), so that
the items, lots and deals the auction's builder makes are theirs."""

from tests.auction.bidding import seller_liaison
from tests.conftest import make_organization, make_user, persona

PEOPLE = {
    "admin": "admin_user",
    "other_liaison": "liaison",  # 南京工业大学's: a liaison, not of the seller unit
    "enterprise": "enterprise_user",
    "expert": "expert",
    "organizer": "organizer",
    "bidder": "bidder",
    "manager": "manager",
}


def build(world) -> None:
    world.users = {role: persona(name) for role, name in PEOPLE.items()}
    world.users["liaison"] = seller_liaison()
    elsewhere = make_organization("无锡恒信精密机械有限公司", "enterprise", "320214")
    world.users["other_bidder"] = make_user("other-bidder", elsewhere, ["bidder"], name="赵敏")
    world.seller_org = world.users["liaison"].organization
    world.other_org = world.users["other_liaison"].organization
