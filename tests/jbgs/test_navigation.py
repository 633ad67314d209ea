"""The top bar: entries of one menu fold into one dropdown where the first of them stands;
a menu of one entry stays an entry."""

from jbgs.ui import NavItem, RenderedMenu, RenderedNav, _folded


def entry(key, menu="", badge=None, active=False):
    return RenderedNav(NavItem(key, key, "home", menu=menu), f"/{key}/", active, badge)


def test_a_menus_entries_fold_into_one_dropdown_in_place():
    folded = _folded([entry("a"), entry("b", "work", badge=2), entry("c"), entry("d", "work", active=True),
                      entry("e", "alone")])
    assert [getattr(e, "label", None) for e in folded] == ["a", "work", "c", "e"]
    menu = folded[1]
    assert isinstance(menu, RenderedMenu) and [child.label for child in menu.children] == ["b", "d"]
    assert menu.active and menu.badge == 2
    assert isinstance(folded[3], RenderedNav)  # a menu of one entry stays an entry
