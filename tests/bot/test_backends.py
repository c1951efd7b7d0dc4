"""The optional backends against a real local HTTP server, including failures and timeouts."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fyr.bot import retrieval, services
from fyr.bot.models import BotTurn


class FakeModels(BaseHTTPRequestHandler):
    """OpenAI-compatible ``/v1/embeddings`` (bag-of-letters vectors) and
    ``/v1/chat/completions`` (echoes the article's title); ``mode`` switches to failures."""

    mode = "ok"
    calls: list[dict] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).calls.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        if self.mode == "error":
            self._send(500, {"error": "boom"})
            return
        if self.mode == "slow":
            time.sleep(1.5)
        if self.mode == "garbage":
            self._send(200, {"nothing": "here"})
            return
        if self.path == "/v1/embeddings":
            data = [
                {
                    "index": i,
                    "embedding": [
                        text.lower().count(c) + 0.01 for c in "abcdefghijklmnopqrstuvwxyzåäö"
                    ],
                }
                for i, text in enumerate(body["input"])
            ]
            self._send(200, {"data": data, "model": body.get("model")})
        elif self.path == "/v1/chat/completions":
            article = body["messages"][1]["content"]
            title = article.splitlines()[0].lstrip("# ")
            self._send(
                200,
                {
                    "choices": [
                        {
                            "message": {
                                "role": "assistant",
                                "content": f"Enligt {title}: gör så här.",
                            }
                        }
                    ]
                },
            )
        else:
            self._send(404, {})

    def _send(self, status: int, payload: dict) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


@pytest.fixture
def server() -> Iterator[str]:
    FakeModels.mode = "ok"
    FakeModels.calls = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeModels)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def embeddings(settings, server) -> str:
    settings.FYR_BOT_EMBEDDINGS_URL = server
    settings.FYR_BOT_EMBEDDINGS_MODEL = "intfloat/multilingual-e5-small"
    settings.FYR_BOT_EMBEDDINGS_API_KEY = "sekret"
    settings.FYR_BOT_TIMEOUT = 0.5
    return server


@pytest.fixture
def llm(settings, server) -> str:
    settings.FYR_BOT_LLM_URL = server + "/v1"
    settings.FYR_BOT_LLM_MODEL = "tiny"
    settings.FYR_BOT_TIMEOUT = 0.5
    return server


def test_embeddings_are_fused_with_the_lexical_scores(kb, embeddings):
    reply = services.ask("Jag har glömt mitt lösenord", language="sv")

    assert reply.articles[0] == kb["reset-password"]["sv"]
    assert reply.backend == "lexical+embeddings"
    assert BotTurn.objects.get().backend == "lexical+embeddings"
    paths = [call["path"] for call in FakeModels.calls]
    assert set(paths) == {"/v1/embeddings"}
    assert FakeModels.calls[0]["auth"] == "Bearer sekret"
    assert FakeModels.calls[0]["body"]["model"] == "intfloat/multilingual-e5-small"
    assert FakeModels.calls[0]["body"]["input"][0].startswith("passage: ")
    assert FakeModels.calls[-1]["body"]["input"] == ["query: Jag har glömt mitt lösenord"]


def test_an_embeddings_error_falls_back_to_lexical(kb, embeddings):
    retrieval.current()  # indexed with embeddings
    FakeModels.mode = "error"

    reply = services.ask("Jag har glömt mitt lösenord", language="sv")

    assert reply.articles[0] == kb["reset-password"]["sv"]
    assert reply.backend == "lexical (embeddings failed: HTTP 500)"
    assert BotTurn.objects.get().backend == "lexical (embeddings failed: HTTP 500)"


def test_an_embeddings_timeout_falls_back_to_lexical(kb, embeddings):
    retrieval.current()
    FakeModels.mode = "slow"

    reply = services.ask("Jag har glömt mitt lösenord", language="sv")

    assert reply.articles[0] == kb["reset-password"]["sv"]
    assert reply.backend == "lexical (embeddings failed: timeout)"


def test_embeddings_down_while_indexing_gives_a_lexical_index(kb, embeddings):
    FakeModels.mode = "garbage"

    reply = services.ask("Jag har glömt mitt lösenord", language="sv")

    assert reply.articles[0] == kb["reset-password"]["sv"]
    assert reply.backend == "lexical (embeddings failed: unexpected embeddings response)"


def test_an_unreachable_embeddings_server_falls_back(kb, settings):
    settings.FYR_BOT_EMBEDDINGS_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    settings.FYR_BOT_TIMEOUT = 0.5

    reply = services.ask("Jag har glömt mitt lösenord", language="sv")

    assert reply.articles[0] == kb["reset-password"]["sv"]
    assert reply.backend.startswith("lexical (embeddings failed: unreachable")


def test_the_llm_phrases_the_answer_from_the_cited_article(kb, llm):
    reply = services.ask("Jag har glömt mitt lösenord", language="sv")

    assert reply.answer == "Enligt Glömt lösenordet? Så återställer du det: gör så här."
    assert reply.backend == "lexical+llm"
    call = FakeModels.calls[0]
    assert call["path"] == "/v1/chat/completions"
    assert call["body"]["model"] == "tiny"
    assert "Länken du får gäller i 30 minuter" in call["body"]["messages"][1]["content"]
    assert call["body"]["messages"][1]["content"].endswith("Jag har glömt mitt lösenord")


@pytest.mark.parametrize(
    ("mode", "reason"),
    [("error", "HTTP 500"), ("slow", "timeout"), ("garbage", "unexpected chat response")],
)
def test_an_llm_failure_answers_with_the_summary(kb, llm, mode, reason):
    FakeModels.mode = mode

    reply = services.ask("Jag har glömt mitt lösenord", language="sv")

    assert reply.answer.startswith("Klicka på Glömt lösenord")
    assert reply.backend == f"lexical (llm failed: {reason})"
    assert BotTurn.objects.get().backend == f"lexical (llm failed: {reason})"
