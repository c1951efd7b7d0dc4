from __future__ import annotations

from django.urls import reverse

from tests.conftest import PASSWORD


def test_login_with_email_and_password_goes_to_inbox(client, agent):
    response = client.post(
        reverse("desk:login"), {"username": "AGENT@fyr.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:inbox")
    assert client.get(reverse("desk:inbox")).status_code == 200


def test_login_with_wrong_password_shows_message(client, agent):
    response = client.post(
        reverse("desk:login"), {"username": "agent@fyr.test", "password": "nope"}
    )
    assert response.status_code == 200
    assert "The email address or password is not correct." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_deactivated_agent_cannot_log_in(client, agent):
    agent.is_active = False
    agent.save()
    response = client.post(
        reverse("desk:login"), {"username": "agent@fyr.test", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_anonymous_is_redirected_to_login(client, db):
    response = client.get(reverse("desk:inbox"))
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:login") + "?next=/desk/"


def test_logout_by_post(client, agent):
    client.force_login(agent)
    response = client.post(reverse("desk:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_page_renders(client, db):
    response = client.get(reverse("desk:login"))
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
