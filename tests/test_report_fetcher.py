"""The PDF renderer reads the product's own static files and nothing else: no other file, no network."""

import http.server
import logging
import threading

import pytest
from django.conf import settings
from weasyprint.urls import URLFetcher

from assessment.reports.render import html_to_pdf, report_html
from assessment.services.assessments import assessment_submit
from tests.pages import answer_everything, client_for, pdf_fonts


@pytest.fixture
def listener():
    """A web server on this machine that records every request it gets (it must get none)."""
    requests = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetched(monkeypatch):
    """Every URL that reaches WeasyPrint's own fetcher, i.e. that is actually read."""
    urls = []
    real = URLFetcher.fetch

    def recording(self, url, headers=None):
        urls.append(url)
        return real(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", recording)
    return urls


def test_a_report_with_hostile_markup_fetches_nothing_but_still_embeds_its_font(
    assessment, editor, lead, listener, fetched, caplog, tmp_path
):
    answer_everything(client_for(editor), assessment)
    assessment_submit(assessment=assessment, user=lead)
    outside = tmp_path / "secret.css"
    outside.write_text("body { color: red }")
    static = settings.BASE_DIR / "static"
    hostile = [
        "file:///etc/passwd",
        "http://127.0.0.1:1/x.png",
        f"{listener[0]}/tracker.png",
        outside.as_uri(),
        f"file://{static}/../manage.py",  # out of static/ by ..
        f"file://{static}/%2e%2e/manage.py",
        "file://evil.example/etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
    ]
    markup = "".join(f'<img src="{url}" alt=""><link rel="stylesheet" href="{url}">' for url in hostile)
    html = report_html(assessment=assessment).replace("</body>", f"{markup}</body>")
    with caplog.at_level(logging.WARNING, logger="assessment.reports.render"):
        pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert listener[1] == []  # nothing reached the network
    static_fonts = (static / "fonts").as_uri()
    assert fetched and all(url.startswith(static_fonts) for url in fetched), fetched  # only the fonts were read
    refused = [r.getMessage() for r in caplog.records if "refused to fetch" in r.getMessage()]
    for url in hostile:
        assert any(url[:200] in message for message in refused), url
    fonts = pdf_fonts(pdf, tmp_path)
    assert fonts and all("Noto-Sans-CJK-SC" in row[0] and row[-5] == "yes" for row in fonts), fonts


def test_the_normal_report_needs_nothing_the_fetcher_refuses(assessment, fetched, caplog):
    with caplog.at_level(logging.WARNING, logger="assessment.reports.render"):
        html_to_pdf(report_html(assessment=assessment))
    assert not [r for r in caplog.records if "refused to fetch" in r.getMessage()]
    assert {url.rsplit("/", 1)[-1] for url in fetched} == {"NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf"}
