"""The 申报书 PDF: rendered from the application's content (the stored one once submitted, the
draft's current one before), carrying the content's SHA-256 digest in the footer of every page
and at the end. WeasyPrint renders one in a few hundred milliseconds: made on download."""

from jbgs.pdf import render_pdf
from transformation.application_content import current_content
from transformation.choices import Figure
from transformation.models import ProjectApplication


def application_pdf(application: ProjectApplication) -> tuple[bytes, str]:
    content, digest = current_content(application)
    rows = [{"label": Figure(code).label if code in Figure.values else code, "value": value}
            for code, value in content.get("figures", {}).items()]
    pdf = render_pdf("transformation/applications/document.html", {
        "content": content, "digest": digest, "figure_rows": rows, "draft": not application.digest})
    return pdf, digest


def filename(application: ProjectApplication) -> str:
    return f"{application.organization.name}-{application.call.code}-申报书.pdf"
