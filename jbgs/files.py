"""Uploaded files: checked for type and size, stored outside the static tree under
MEDIA_ROOT, and served only through views that check who asks."""

import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class private_upload_to:
    """`<prefix>/<yyyy>/<mm>/<uuid><ext>`: unguessable, and never the uploader's file name."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        ext = os.path.splitext(filename)[1].lower()[:10]
        now = timezone.now()
        return f"{self.prefix}/{now:%Y/%m}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other):
        return isinstance(other, private_upload_to) and other.prefix == self.prefix


@dataclass(frozen=True)
class FileType:
    label: str
    extensions: tuple[str, ...]
    signatures: tuple[bytes, ...]  # any of these starts the file


PDF = FileType("PDF", (".pdf",), (b"%PDF-",))
IMAGE = FileType(_("image"), (".png", ".jpg", ".jpeg"), (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"))
XLSX = FileType("Excel (.xlsx)", (".xlsx",), (b"PK\x03\x04",))
XLS = FileType("Excel (.xls)", (".xls",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",))
DOCX = FileType("Word (.docx)", (".docx",), (b"PK\x03\x04",))
ZIP = FileType("ZIP", (".zip",), (b"PK\x03\x04",))
DOCUMENTS = (PDF, IMAGE)


def validate_upload(upload, types=DOCUMENTS, max_bytes: int | None = None) -> None:
    """Refuse a file whose extension, content or size is not acceptable, saying which."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    name = getattr(upload, "name", "") or ""
    ext = os.path.splitext(name)[1].lower()
    allowed = ", ".join(str(t.label) for t in types)
    matching = [t for t in types if ext in t.extensions]
    if not matching:
        raise ValidationError(
            _("%(name)s is not an accepted file type; accepted: %(allowed)s."),
            code="file_type",
            params={"name": os.path.basename(name), "allowed": allowed},
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s."),
            code="file_too_large",
            params={
                "name": os.path.basename(name),
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            },
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for t in matching for sig in t.signatures):
        raise ValidationError(
            _("%(name)s does not contain what its extension says (%(allowed)s)."),
            code="file_content",
            params={"name": os.path.basename(name), "allowed": allowed},
        )
