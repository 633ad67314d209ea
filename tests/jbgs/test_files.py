import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jbgs.files import DOCUMENTS, IMAGE, validate_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_real_pdf_and_a_real_png_are_accepted():
    validate_upload(SimpleUploadedFile("a.pdf", b"%PDF-1.7\n..."), DOCUMENTS)
    validate_upload(SimpleUploadedFile("scan.PNG", PNG), DOCUMENTS)


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("script.exe", b"MZ", "file_type"),
        ("renamed.pdf", PNG, "file_content"),
        ("photo.jpg", b"%PDF-1.4", "file_content"),
    ],
)
def test_wrong_type_or_content_is_refused_with_the_files_name(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content), DOCUMENTS)
    assert error.value.code == code and name in str(error.value.messages[0])


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(
            SimpleUploadedFile("big.png", PNG + b"\x00" * 2048), (IMAGE,), max_bytes=1024
        )
    assert error.value.code == "file_too_large"


def test_an_organisations_document_is_private_to_it_and_administrators(
    client_as, liaison, university, solver, enterprise_user, admin_user
):
    university.registration_document.save(
        "licence.pdf", SimpleUploadedFile("licence.pdf", b"%PDF-1.4 x")
    )
    url = reverse("organization-document", args=[university.pk])
    assert client_as(liaison).get(url).status_code == 200
    assert client_as(admin_user).get(url).status_code == 200
    assert client_as(enterprise_user).get(url).status_code == 403
    assert "/static/" not in university.registration_document.path
