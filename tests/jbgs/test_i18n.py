"""The Chinese catalogue is complete: every message the code and templates use is translated."""

from pathlib import Path

import polib
from django.conf import settings


def catalogue(domain="django"):
    return polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po")
    )


def test_every_message_is_translated_and_none_is_fuzzy():
    po = catalogue()
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    assert len(po.translated_entries()) > 300


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")
    for entry in catalogue().translated_entries():
        if entry.msgid_plural:
            continue
        assert set(pattern.findall(entry.msgid)) == set(pattern.findall(entry.msgstr)), entry.msgid


def test_pages_speak_chinese_to_an_english_browser_until_english_is_picked(db, client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-CN"' in page.text and "首页" in page.text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert 'lang="en"' in page.text and "首页" not in page.text


def test_the_api_follows_accept_language(db, client):
    answer = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code in (401, 403) and answer.json()["code"]
    english = answer.json()["detail"]
    chinese = client.get("/api/v1/me/").json()["detail"]
    assert english != chinese and english.isascii()


def test_every_string_in_the_code_and_templates_is_in_the_catalogue(tmp_path):
    """Extract the messages afresh (as `make messages` does) from a copy of the sources:
    a string added without its translation shows up as untranslated or fuzzy here."""
    import shutil
    import subprocess
    import sys

    root = Path(settings.BASE_DIR)
    for name in ("config", "jbgs", "auction", "challenge", "sessions_mgmt", "transformation", "templates", "locale"):
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(root / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v", "0"],
        cwd=tmp_path, check=True, capture_output=True,
    )
    po = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    assert not missing, f"not translated in locale/zh_Hans: {missing[:10]}"
