"""The routing decision as SQL: one statement picks the agent, whatever the team size.

Written out rather than built with the ORM because it runs for every routed ticket and the
database needs about 0.4 ms for it among 500 agents, while building the same statement as a
queryset costs Django several times that (the target is a decision's p99 under 5 ms). Table and
column names come from the models' metadata; every value is a parameter.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import connection

from fyr.accounts.choices import Availability, Role
from fyr.accounts.models import TeamMembership, User
from fyr.core import rows
from fyr.customers.models import Contact
from fyr.routing.models import AgentLoad
from fyr.tickets.models import Tag, Ticket, TicketTag


def _tables() -> dict[str, str]:
    return {
        "member": rows.table(TeamMembership),
        "user": rows.table(User),
        "load": rows.table(AgentLoad),
        "skills": rows.table(User.skills.through),
        "ticket": rows.table(Ticket),
        "contact": rows.table(Contact),
        "ticket_tag": rows.table(TicketTag),
        "tag": rows.table(Tag),
    }


def pick_agent(
    team_id: int,
    *,
    least_open: bool,
    skill_ids: Collection[int] = (),
    exclude: Collection[int] = (),
) -> User | None:
    """The member of ``team_id`` who gets the next ticket, or ``None``.

    Candidates: active full agents (or admins), online, below capacity (open work from
    ``AgentLoad``), holding every skill in ``skill_ids``, not in ``exclude``. Order: fewest open
    tickets first if ``least_open``, then the oldest turn (never assigned first), then the
    membership's id.
    """
    t = _tables()
    params: list[object] = [
        team_id,
        True,
        Role.AGENT.value,
        Role.ADMIN.value,
        Availability.ONLINE.value,
    ]
    where = [
        "m.team_id = %s",
        "u.is_active = %s",
        "u.role IN (%s, %s)",
        "u.availability = %s",
        "(u.max_open_tickets IS NULL OR COALESCE(l.open_work, 0) < u.max_open_tickets)",
    ]
    if exclude:
        where.append(f"m.user_id NOT IN ({', '.join(['%s'] * len(exclude))})")
        params += list(exclude)
    for skill_id in sorted(skill_ids):
        where.append(
            f"EXISTS (SELECT 1 FROM {t['skills']} s WHERE s.user_id = m.user_id"
            " AND s.skill_id = %s)"
        )
        params.append(skill_id)
    order = "COALESCE(l.open_work, 0), " if least_open else ""
    sql = (
        f"SELECT u.* FROM {t['member']} m"
        f" JOIN {t['user']} u ON u.id = m.user_id"
        f" LEFT JOIN {t['load']} l ON l.user_id = m.user_id"
        f" WHERE {' AND '.join(where)}"
        f" ORDER BY {order}m.last_assigned_at ASC NULLS FIRST, m.id ASC LIMIT 1"
    )
    found = list(User.objects.raw(sql, params))
    return found[0] if found else None


def language_and_tags(ticket_id: int) -> tuple[str, list[str]]:
    """The requester's language and the ticket's tag names, in one query."""
    t = _tables()
    sql = (
        f"SELECT c.language, g.name FROM {t['ticket']} k"
        f" JOIN {t['contact']} c ON c.id = k.requester_id"
        f" LEFT JOIN {t['ticket_tag']} tt ON tt.ticket_id = k.id"
        f" LEFT JOIN {t['tag']} g ON g.id = tt.tag_id"
        " WHERE k.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ticket_id])
        rows = cursor.fetchall()
    language = (rows[0][0] if rows else "") or ""
    return language, [name for _language, name in rows if name]
