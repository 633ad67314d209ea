"""The pages and endpoints this season added, attacked: absurd ids, amounts and texts get a
clear answer (404, 400 or a page that says what is wrong), never a 500; a formula typed as a
name is kept as text and shown escaped."""

from django.test import Client
from django.urls import reverse

from challenge.models import Solution, SolverProfile

HUGE = "9" * 30


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_absurd_ids_and_pages_are_not_found(published, solver, admin_user, enterprise_user):
    browser = _as(solver)
    assert browser.get(reverse("challenge:matches") + "?page=" + HUGE).status_code == 200
    assert browser.get(f"/challenge/matches/items/{HUGE}/").status_code == 404
    assert browser.get(f"/challenge/demand-files/{HUGE}/").status_code == 404
    assert browser.get(f"/challenge/solution-files/{HUGE}/").status_code == 404
    assert _as(enterprise_user).get(f"/api/v1/challenge/demands/{HUGE}/matches/").status_code == 404
    assert _as(solver).get(f"/api/v1/challenge/imports/{HUGE}/").status_code == 404
    assert Client().get("/api/v1/sessions/templates/?year=" + HUGE).status_code == 400
    admin = _as(admin_user)
    assert admin.get(reverse("challenge:long-standing") + "?page=-1").status_code == 200
    assert admin.get(f"/api/v1/challenge/cooperations/{HUGE}/").status_code == 404


def test_absurd_amounts_and_formulas_are_answered(published, solver):
    formula = '=HYPERLINK("http://x.example","点此")'
    api = _as(solver)
    answer = api.post(f"/api/v1/challenge/demands/{published.pk}/solutions/", {
        "leader": formula, "approach": "<script>alert(1)</script>", "timeline": "6 个月", "budget": "1e30"},
        content_type="application/json")
    assert answer.status_code == 400 and not Solution.objects.exists()
    assert answer.json()["errors"][0]["field"] == "budget"
    answer = api.post(f"/api/v1/challenge/demands/{published.pk}/solutions/", {
        "leader": formula, "approach": "<script>alert(1)</script>", "timeline": "6 个月"},
        content_type="application/json")
    assert answer.status_code == 201
    page = _as(solver).get(reverse("challenge:solution", args=[Solution.objects.get().pk])).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    saved = _as(solver).post(reverse("challenge:solver-profile"), {
        "which": "unit", "unit-directions": formula, "unit-keywords": "=1+1、\x00钙钛矿", "unit-field_codes": ["nope"]})
    assert saved.status_code == 200  # the unknown field is refused by the form, nothing saved
    assert not SolverProfile.objects.exists()
    saved = _as(solver).post(reverse("challenge:solver-profile"), {
        "which": "unit", "unit-directions": formula, "unit-keywords": "=1+1、\x00钙钛矿"})
    assert saved.status_code == 200 and not SolverProfile.objects.exists()  # a NUL: refused, said
    saved = _as(solver).post(reverse("challenge:solver-profile"), {
        "which": "unit", "unit-directions": formula, "unit-keywords": "=1+1、钙钛矿"})
    assert saved.status_code == 302
    profile = SolverProfile.objects.get()
    assert profile.directions == formula and "钙钛矿" in profile.search_words  # kept as text
    page = _as(solver).get(reverse("challenge:solver-profile")).text
    assert "=HYPERLINK(" in page and formula not in page  # shown, its quotes escaped
