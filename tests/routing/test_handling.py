"""Assign, transfer, escalate, take over and hand over, through the public API."""

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.models import Availability, ConversationFollower, Notification, Role
from tests.factories.desk import Desk
from tests.factories.staff import Staff, StaffFactory

ONLINE = {"availability": Availability.online.value}


async def _colleague(
    staff_factory: StaffFactory, desk: Desk, role: Role = Role.agent, **fields: Any
) -> Staff:
    return await staff_factory.user(desk.tenant.account.id, role, **{**ONLINE, **fields})


async def _timeline(client: httpx.AsyncClient, desk: Desk, conversation_id: object) -> list[Any]:
    response = await client.get(
        f"/conversations/{conversation_id}/events", headers=desk.tenant.admin.headers
    )
    return list(response.json()["items"])


async def test_transfer_moves_it_from_mine_to_theirs_with_the_note_shown_inside(
    client: httpx.AsyncClient,
    desk: Desk,
    staff_factory: StaffFactory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    agent = desk.tenant.agent
    colleague = await _colleague(staff_factory, desk)
    conversation = await desk.conversation(assignee_id=agent.id)
    response = await client.post(
        f"/conversations/{conversation.id}/transfer",
        headers=agent.headers,
        json={"user_id": str(colleague.id), "note": "  Billing question, over to you  "},
    )
    assert response.status_code == 200, response.text
    assert response.json()["assignee_id"] == str(colleague.id)

    async def mine(staff: Staff) -> list[str]:
        listed = await client.get(
            "/conversations", headers=staff.headers, params={"assignee": "me"}
        )
        return [c["id"] for c in listed.json()["items"]]

    assert str(conversation.id) not in await mine(agent)
    assert str(conversation.id) in await mine(colleague)
    messages = (
        await client.get(f"/conversations/{conversation.id}/messages", headers=colleague.headers)
    ).json()["items"]
    assert [(m["kind"], m["text"]) for m in messages] == [("note", "Billing question, over to you")]
    transferred = (await _timeline(client, desk, conversation.id))[-1]
    assert transferred["type"] == "transferred"
    assert transferred["data"]["note"] == "Billing question, over to you"
    assert transferred["data"]["from_user_id"] == str(agent.id)
    async with sessionmaker() as session:
        notes = (
            await session.scalars(select(Notification).where(Notification.user_id == colleague.id))
        ).all()
    assert [(n.type, n.conversation_id) for n in notes] == [("transferred", conversation.id)]
    events = (await client.get("/events", headers=desk.tenant.admin.headers)).json()["events"]
    assert "conversation.transferred" in [e["type"] for e in events]


@pytest.mark.parametrize("note", [None, "", "   \n\t "])
async def test_transfer_and_escalation_need_a_note(
    client: httpx.AsyncClient, desk: Desk, note: str | None
) -> None:
    conversation = await desk.conversation(assignee_id=desk.tenant.agent.id)
    body: dict[str, Any] = {"team_id": str(desk.team.id)}
    if note is not None:
        body["note"] = note
    for action in ("transfer", "escalate"):
        response = await client.post(
            f"/conversations/{conversation.id}/{action}",
            headers=desk.tenant.agent.headers,
            json=body,
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    assert await _timeline(client, desk, conversation.id) == []


async def test_refusals_are_clear_and_change_nothing(
    client: httpx.AsyncClient, desk: Desk, other_desk: Desk, staff_factory: StaffFactory
) -> None:
    agent = desk.tenant.agent
    offline = await _colleague(staff_factory, desk, availability="offline")
    full = await _colleague(staff_factory, desk, max_concurrent=1)
    gone = await _colleague(staff_factory, desk, is_active=False)
    await desk.conversation(assignee_id=full.id)
    conversation = await desk.conversation(assignee_id=agent.id)
    closed = await desk.conversation(assignee_id=agent.id, status="closed")
    cases = [
        (conversation.id, {"user_id": str(offline.id)}, 409, "not-available"),
        (conversation.id, {"user_id": str(full.id)}, 409, "over-capacity"),
        (conversation.id, {"user_id": str(gone.id)}, 409, "user-deactivated"),
        (conversation.id, {"user_id": str(other_desk.tenant.agent.id)}, 404, "unknown-target"),
        (conversation.id, {"team_id": str(other_desk.team.id)}, 404, "unknown-target"),
        (closed.id, {"team_id": str(desk.team.id)}, 409, "conversation-not-active"),
    ]
    for conversation_id, target, status, slug in cases:
        response = await client.post(
            f"/conversations/{conversation_id}/transfer",
            headers=agent.headers,
            json={**target, "note": "please"},
        )
        assert (response.status_code, response.json()["type"]) == (status, f"/problems/{slug}")
    assert await _timeline(client, desk, conversation.id) == []
    got = await client.get(f"/conversations/{conversation.id}", headers=agent.headers)
    assert got.json()["assignee_id"] == str(agent.id)


async def test_only_admins_force_an_assignment_past_capacity_and_it_is_recorded(
    client: httpx.AsyncClient, desk: Desk, staff_factory: StaffFactory
) -> None:
    full = await _colleague(staff_factory, desk, max_concurrent=0, availability="away")
    conversation = await desk.conversation()
    body = {"user_id": str(full.id), "force": True}
    url = f"/conversations/{conversation.id}/assign"
    response = await client.post(url, headers=desk.tenant.agent.headers, json=body)
    assert response.status_code == 403
    response = await client.post(
        url, headers=desk.tenant.admin.headers, json={"user_id": str(full.id)}
    )
    assert response.status_code == 409
    response = await client.post(url, headers=desk.tenant.admin.headers, json=body)
    assert response.status_code == 200
    assert response.json()["assignee_id"] == str(full.id)
    [assigned] = await _timeline(client, desk, conversation.id)
    assert (assigned["type"], assigned["data"]["forced"]) == ("assigned", True)


async def test_assign_to_a_team_the_bot_or_nobody(
    client: httpx.AsyncClient, desk: Desk, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    conversation = await desk.conversation(assignee_id=desk.tenant.agent.id)
    url = f"/conversations/{conversation.id}/assign"
    admin = desk.tenant.admin.headers
    unassigned = (await client.post(url, headers=admin, json={})).json()
    assert (unassigned["handler"], unassigned["queue_position"]) == ("none", 1)
    response = await client.post(url, headers=admin, json={"bot": True})
    assert (response.status_code, response.json()["type"]) == (409, "/problems/no-bot")
    response = await client.post(
        url, headers=admin, json={"bot": True, "user_id": str(uuid.uuid4())}
    )
    assert response.status_code == 422
    bot_desk_conversation = await desk.conversation(inbox=await _bot_inbox(desk, sessionmaker))
    response = await client.post(
        f"/conversations/{bot_desk_conversation.id}/assign", headers=admin, json={"bot": True}
    )
    assert (response.status_code, response.json()["handler"]) == (200, "bot")


async def _bot_inbox(desk: Desk, sessionmaker: async_sessionmaker[AsyncSession]) -> Any:
    from tests.factories.conversations import make_inbox

    return await make_inbox(
        sessionmaker, desk.tenant.account.id, bot_enabled=True, default_team_id=desk.team.id
    )


async def test_escalation_goes_up_to_an_admin_and_raises_the_priority(
    client: httpx.AsyncClient, desk: Desk
) -> None:
    conversation = await desk.conversation(assignee_id=desk.tenant.agent.id, priority="low")
    url = f"/conversations/{conversation.id}/escalate"
    headers = desk.tenant.agent.headers
    to_agent = {"user_id": str(desk.tenant.agent.id), "note": "help"}
    response = await client.post(url, headers=headers, json=to_agent)
    assert (response.status_code, response.json()["type"]) == (422, "/problems/invalid-target")
    body = {
        "user_id": str(desk.tenant.admin.id),
        "note": "Refund above my limit",
        "priority": "high",
    }
    response = await client.post(url, headers=headers, json=body)
    assert response.status_code == 200, response.text
    assert (response.json()["assignee_id"], response.json()["priority"]) == (
        str(desk.tenant.admin.id),
        "high",
    )
    lower = {"team_id": str(desk.team.id), "note": "back to the team", "priority": "low"}
    response = await client.post(url, headers=desk.tenant.admin.headers, json=lower)
    assert response.json()["priority"] == "high"  # never lowered
    assert [e["type"] for e in await _timeline(client, desk, conversation.id)] == [
        "escalated",
        "escalated",
    ]


async def test_takeover_respects_visibility_and_capacity_even_from_the_bot(
    client: httpx.AsyncClient,
    desk: Desk,
    staff_factory: StaffFactory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    stranger = await desk.conversation(team_id=None)
    response = await client.post(
        f"/conversations/{stranger.id}/takeover", headers=desk.tenant.agent.headers
    )
    assert response.status_code == 404  # not one the agent can see
    response = await client.post(
        f"/conversations/{stranger.id}/takeover", headers=desk.tenant.admin.headers
    )
    assert (response.status_code, response.json()["assignee_id"]) == (
        200,
        str(desk.tenant.admin.id),
    )

    single = await _colleague(staff_factory, desk, max_concurrent=1)
    bots = [await desk.conversation(bot_active=True, team_id=None) for _ in range(3)]
    # A capacity-1 agent replying to three bot conversations takes over exactly one.
    single_headers = single.headers
    async with sessionmaker() as session:
        session.add_all(ConversationFollower(conversation_id=b.id, user_id=single.id) for b in bots)
        await session.commit()
    replies = await asyncio.gather(
        *(
            client.post(
                f"/conversations/{b.id}/messages", headers=single_headers, json={"text": "Hi!"}
            )
            for b in bots
        )
    )
    assert sorted(r.status_code for r in replies) == [201, 409, 409]
    refused = next(r for r in replies if r.status_code == 409)
    assert refused.json()["type"] == "/problems/over-capacity"


async def test_twenty_racing_changes_end_in_one_handler_and_an_ordered_timeline(
    client: httpx.AsyncClient, desk: Desk, staff_factory: StaffFactory
) -> None:
    colleagues = [await _colleague(staff_factory, desk, max_concurrent=50) for _ in range(4)]
    admin = desk.tenant.admin
    members = [str(desk.tenant.agent.id), *(str(c.id) for c in colleagues)]
    await client.put(
        f"/teams/{desk.team.id}/members", headers=admin.headers, json={"user_ids": members}
    )
    conversation = await desk.conversation(assignee_id=desk.tenant.agent.id)
    base = f"/conversations/{conversation.id}"
    calls = []
    for n in range(20):
        target = colleagues[n % 4]
        kind = n % 3
        if kind == 0:
            calls.append(
                client.post(
                    f"{base}/assign", headers=admin.headers, json={"user_id": str(target.id)}
                )
            )
        elif kind == 1:
            calls.append(
                client.post(
                    f"{base}/transfer",
                    headers=admin.headers,
                    json={"user_id": str(target.id), "note": f"transfer {n}"},
                )
            )
        else:
            calls.append(client.post(f"{base}/takeover", headers=target.headers))
    responses = await asyncio.gather(*calls)
    assert {r.status_code for r in responses} <= {200, 422}  # 422: already theirs
    final = (await client.get(base, headers=admin.headers)).json()
    timeline = [
        e
        for e in await _timeline(client, desk, conversation.id)
        if e["type"] in ("assigned", "transferred", "taken_over")
    ]
    assert timeline, "no change recorded"
    # Each change starts from the handler the previous one left: one consistent history.
    previous = str(desk.tenant.agent.id)
    for change in timeline:
        assert change["data"].get("from_user_id", previous) == previous
        previous = change["data"]["assignee_id"]
    assert final["assignee_id"] == previous


async def test_handover_gives_within_capacity_and_queues_the_rest(
    client: httpx.AsyncClient, desk: Desk, staff_factory: StaffFactory
) -> None:
    absent = desk.tenant.agent
    colleague = await _colleague(staff_factory, desk, max_concurrent=2)
    open_ones = [await desk.conversation(assignee_id=absent.id) for _ in range(3)]
    await desk.conversation(assignee_id=absent.id, status="closed")
    url = f"/users/{absent.id}/handover"
    body = {"user_id": str(colleague.id), "note": "Sara is ill today"}
    assert (await client.post(url, headers=absent.headers, json=body)).status_code == 403
    assert (
        await client.post(
            url, headers=desk.tenant.admin.headers, json={"user_id": str(colleague.id)}
        )
    ).status_code == 422
    response = await client.post(url, headers=desk.tenant.admin.headers, json=body)
    assert response.status_code == 200, response.text
    outcomes = response.json()["conversations"]
    assert {o["conversation_id"] for o in outcomes} == {str(c.id) for c in open_ones}
    assert sorted(o["outcome"] for o in outcomes) == ["assigned", "assigned", "queued"]
    queued = next(o for o in outcomes if o["outcome"] == "queued")
    assert (queued["team_id"], queued["queue_position"]) == (str(desk.team.id), 1)
    for outcome in outcomes:
        types = [e["type"] for e in await _timeline(client, desk, outcome["conversation_id"])]
        assert types == ["handed_over"]


async def test_handover_to_a_team_routes_what_fits(
    client: httpx.AsyncClient, desk: Desk, staff_factory: StaffFactory
) -> None:
    admin = desk.tenant.admin.headers
    absent = await _colleague(staff_factory, desk)  # still online: forgot to switch
    helper = await _colleague(staff_factory, desk, max_concurrent=1)
    await client.put(
        f"/teams/{desk.team.id}/members",
        headers=admin,
        json={"user_ids": [str(desk.tenant.agent.id), str(helper.id), str(absent.id)]},
    )
    await client.patch(
        f"/teams/{desk.team.id}", headers=admin, json={"routing_mode": "round_robin"}
    )
    for _ in range(2):
        await desk.conversation(assignee_id=absent.id)
    response = await client.post(
        f"/users/{absent.id}/handover",
        headers=admin,
        json={"team_id": str(desk.team.id), "note": "away"},
    )
    assert response.status_code == 200, response.text
    outcomes = sorted(response.json()["conversations"], key=lambda o: o["outcome"])
    assert [(o["outcome"], o["assignee_id"], o["queue_position"]) for o in outcomes] == [
        ("assigned", str(helper.id), None),
        ("queued", None, 1),
    ]


async def test_every_new_endpoint_needs_a_token_and_hides_other_accounts(
    client: httpx.AsyncClient, desk: Desk, other_desk: Desk
) -> None:
    conversation = await desk.conversation()
    stranger = other_desk.tenant.admin.headers
    calls = [
        ("post", f"/conversations/{conversation.id}/assign", {}),
        (
            "post",
            f"/conversations/{conversation.id}/transfer",
            {"team_id": str(desk.team.id), "note": "x"},
        ),
        (
            "post",
            f"/conversations/{conversation.id}/escalate",
            {"team_id": str(desk.team.id), "note": "x"},
        ),
        ("post", f"/conversations/{conversation.id}/takeover", None),
        ("get", f"/conversations/{conversation.id}/routing", None),
        (
            "post",
            f"/users/{desk.tenant.agent.id}/handover",
            {"team_id": str(desk.team.id), "note": "x"},
        ),
    ]
    for method, url, body in calls:
        kwargs: dict[str, Any] = {} if body is None else {"json": body}
        response = await client.request(method, url, **kwargs)
        assert response.status_code == 401, url
        response = await client.request(method, url, headers=stranger, **kwargs)
        assert response.status_code == 404, url


async def test_wrong_roles_are_refused(client: httpx.AsyncClient, desk: Desk) -> None:
    conversation = await desk.conversation()
    token = (
        await client.post(
            "/api-tokens", headers=desk.tenant.admin.headers, json={"name": "crm", "role": "admin"}
        )
    ).json()["token"]
    integration = {"Authorization": f"Bearer {token}"}
    response = await client.post(f"/conversations/{conversation.id}/takeover", headers=integration)
    assert response.status_code == 403  # an integration cannot be the handler itself
    agent = desk.tenant.agent.headers
    handover = {"team_id": str(desk.team.id), "note": "x"}
    response = await client.post(
        f"/users/{desk.tenant.admin.id}/handover", headers=agent, json=handover
    )
    assert response.status_code == 403
    response = await client.post(
        f"/conversations/{conversation.id}/assign", headers=agent, json={"force": True}
    )
    assert response.status_code == 403


async def test_notifications_follow_the_receivers_preferences(
    client: httpx.AsyncClient,
    desk: Desk,
    staff_factory: StaffFactory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    quiet = await _colleague(
        staff_factory, desk, notification_preferences={"transferred_to_me": False}
    )
    for action, body in (
        ("transfer", {"user_id": str(quiet.id), "note": "yours"}),
        ("assign", {"user_id": str(quiet.id)}),
    ):
        conversation = await desk.conversation()
        url = f"/conversations/{conversation.id}/{action}"
        response = await client.post(url, headers=desk.tenant.admin.headers, json=body)
        assert response.status_code == 200, response.text
    async with sessionmaker() as session:
        types = (
            await session.scalars(select(Notification.type).where(Notification.user_id == quiet.id))
        ).all()
    assert list(types) == ["assigned"]  # not told of the transfer, as they asked


async def test_bulk_assign_and_transfer_go_through_the_same_checks_all_or_nothing(
    client: httpx.AsyncClient, desk: Desk, staff_factory: StaffFactory
) -> None:
    admin = desk.tenant.admin.headers
    colleague = await _colleague(staff_factory, desk, max_concurrent=2)
    conversations = [await desk.conversation() for _ in range(3)]
    ids = [str(c.id) for c in conversations]
    body = {"conversation_ids": ids, "action": "assign", "user_id": str(colleague.id)}
    response = await client.post("/conversations/bulk", headers=admin, json=body)
    assert (response.status_code, response.json()["type"]) == (409, "/problems/over-capacity")
    for conversation_id in ids:  # nothing half-done
        assert await _timeline(client, desk, conversation_id) == []

    body["conversation_ids"] = ids[:2]
    response = await client.post("/conversations/bulk", headers=admin, json=body)
    assert response.json() == {"updated": 2}
    transfer = {"conversation_ids": ids[:2], "action": "transfer", "team_id": str(desk.team.id)}
    response = await client.post("/conversations/bulk", headers=admin, json=transfer)
    assert response.status_code == 422  # a note is required
    transfer["note"] = "back to the team"
    response = await client.post("/conversations/bulk", headers=admin, json=transfer)
    assert response.json() == {"updated": 2}
    for conversation_id in ids[:2]:
        got = (await client.get(f"/conversations/{conversation_id}", headers=admin)).json()
        assert (got["assignee_id"], got["queue_position"] is not None) == (None, True)
        types = [e["type"] for e in await _timeline(client, desk, conversation_id)]
        assert types == ["assigned", "transferred"]
