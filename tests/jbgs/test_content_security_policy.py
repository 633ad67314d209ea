"""Every answer carries a strict Content-Security-Policy, and no template relies on what it
forbids: an inline script, an inline event handler, a style attribute or htmx's eval."""

import re
from pathlib import Path

from django.conf import settings

# Rendered to PDF by WeasyPrint only, never served to a browser.
PDF_TEMPLATES = {"auction/deals/confirmation.html", "auction/documents/base.html", "sessions_mgmt/reports/base.html",
                 "transformation/applications/document.html"}
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "htmx eval": re.compile(r"\shx-on|\shx-vars|js:", re.I),
}


def test_every_answer_carries_the_policy(client, liaison):
    for path in ("/", "/accounts/login/", "/api/v1/regions/", "/backoffice/login/", "/api/docs/"):
        policy = client.get(path)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'", path
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
        assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
        assert "unsafe" not in policy, path


def test_the_api_docs_load_their_script_from_a_url(client, db):
    page = client.get("/api/docs/").content.decode()
    script = re.search(r'<script src="([^"]*script=[^"]*)"', page).group(1)
    answer = client.get(script.replace("&amp;", "&"))
    assert answer.status_code == 200 and "SwaggerUIBundle" in answer.content.decode()


def test_no_template_relies_on_what_the_policy_forbids():
    root = Path(settings.BASE_DIR) / "templates"
    found = [
        f"{path.relative_to(root)}: {what}"
        for path in root.rglob("*.html")
        if str(path.relative_to(root)) not in PDF_TEMPLATES
        for what, pattern in FORBIDDEN.items()
        if pattern.search(path.read_text())
    ]
    assert not found, found


def test_htmx_is_told_not_to_inject_its_style_nor_to_eval(client, db):
    page = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in page and '"allowEval": false' in page
