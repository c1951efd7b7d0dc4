from __future__ import annotations

import pytest

from fyr.tickets import services
from fyr.tickets.models import Ticket
from tests.conftest import inbound_email


def make_ticket(
    team=None, *, sender: str = "karin@acme.se", subject: str = "Hjälp", n: int = 0
) -> Ticket:
    received = services.receive(
        inbound_email(
            sender,
            subject=subject,
            team_id=team.pk if team else None,
            external_id=f"<d{n}-{subject}@x>",
        )
    )
    return received.ticket


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client
