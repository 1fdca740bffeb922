"""What a user does and sees through the browser: a logged-in client, the questionnaire's pages and what
they post, the import upload, a section of a page and the text and fonts of a downloaded PDF.

The forms of any page as a browser sends them are in tests/html_forms.py."""

import re
import subprocess

from django.urls import reverse


def client_for(user):
    """A test client logged in as ``user``."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def pillar_url(assessment, code="P1"):
    return reverse("assessment:assessment_pillar", kwargs={"pk": assessment.pk, "code": code})


def member_pages(assessment) -> list[str]:
    """The pages a centre member moves between, for checks that hold on every page."""
    pk = {"pk": assessment.pk}
    return [
        reverse("assessment:home"),
        reverse("assessment:framework_detail"),
        reverse("assessment:exemplar_list"),
        reverse("assessment:members"),
        reverse("assessment:assessment_overview", kwargs=pk),
        reverse("assessment:assessment_pillar", kwargs={**pk, "code": "P1"}),
        reverse("assessment:assessment_result", kwargs=pk),
        reverse("assessment:action_plan", kwargs=pk),
    ]


def tokens_of(response) -> dict[str, str]:
    """The version token each question of a pillar page was loaded with, by indicator code."""
    return dict(re.findall(r'name="([\w.]+)-loaded" value="([^"]*)"', response.content.decode()))


def full_page(response, **values) -> dict:
    """The POST a browser sends for the page, with ``values`` (field name -> value) filled in."""
    data = {f"{code}-loaded": token for code, token in tokens_of(response).items()}
    data.update(values)
    return data


def answer_everything(client, assessment):
    """Answer every question of the two-pillar test framework through its pages, as a member would."""
    for code, values in {
        "P1": {"P1.D1.I1-level": "3", "P1.D1.I2-number": "12", "P1.D1.I3-boolean": "yes"},
        "P2": {"P2.D1.I1-level": "4", "P2.D2.I1-level": "1", "P2.D2.I2-level": "2"},
    }.items():
        page = client.get(pillar_url(assessment, code))
        assert client.post(pillar_url(assessment, code), full_page(page, **values)).status_code == 302


def upload(user, data: bytes, name="centres.csv", **kwargs):
    """``user`` uploads ``data`` on the import page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client_for(user).post(reverse("assessment:centres_import"), {"file": SimpleUploadedFile(name, data)}, **kwargs)


def section(html: str, heading_id: str) -> str:
    """The part of a page from the heading with id ``heading_id`` to the end of its section."""
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The text of a PDF as pdftotext lays it out."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(pdf: bytes, tmp_path) -> list[list[str]]:
    """The rows of pdffonts' table for a PDF, split into words."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]
