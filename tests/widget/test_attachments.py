import uuid

import httpx

from tests.factories.attachments import ELF, PDF, PNG, multipart, uploaded
from tests.test_errors import problem
from tests.widget.conftest import Site, signed, start, visitor, widget_messages


async def _upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    filename: str = "receipt.png",
    content_type: str = "image/png",
    data: bytes = PNG,
) -> httpx.Response:
    body, content_headers = multipart(filename, content_type, data)
    return await client.post("/widget/attachments", headers=headers | content_headers, content=body)


async def test_visitor_uploads_sends_and_downloads_a_file(
    client: httpx.AsyncClient, site: Site
) -> None:
    headers = await visitor(client, site.inbox)
    response = await _upload(client, headers)
    assert response.status_code == 201, response.text
    attachment = response.json()
    assert attachment["url"] == f"/api/v1/widget/attachments/{attachment['id']}"
    assert (attachment["filename"], attachment["size_bytes"]) == ("receipt.png", len(PNG))
    own = await client.get(f"/widget/attachments/{attachment['id']}", headers=headers)
    assert own.status_code == 200
    assert own.content == PNG
    assert own.headers["content-type"] == "image/png"
    started = await client.post(
        "/widget/conversations",
        headers=headers,
        json={"message": "", "attachment_ids": [attachment["id"]]},
    )
    assert started.status_code == 201, started.text
    [message] = started.json()["messages"]
    assert [a["id"] for a in message["attachments"]] == [attachment["id"]]
    conversation_id = started.json()["conversation"]["id"]
    staff = await client.get(f"/conversations/{conversation_id}/messages", headers=site.staff)
    [seen] = staff.json()["items"]
    download = await client.get(
        seen["attachments"][0]["url"].removeprefix("/api/v1"), headers=site.staff
    )
    assert download.content == PNG


async def test_another_visitor_and_staff_tokens_cannot_download(
    client: httpx.AsyncClient, site: Site
) -> None:
    owner = await visitor(client, site.inbox)
    attachment_id = (await _upload(client, owner)).json()["id"]
    stranger = await visitor(client, site.inbox)
    problem(await client.get(f"/widget/attachments/{attachment_id}", headers=stranger), 404)
    problem(await client.get(f"/widget/attachments/{attachment_id}", headers=site.staff), 401)
    refused = await client.post(
        "/widget/conversations",
        headers=stranger,
        json={"message": "mine now", "attachment_ids": [attachment_id]},
    )
    problem(refused, 422)


async def test_files_on_staff_replies_are_readable_but_not_on_notes(
    client: httpx.AsyncClient, site: Site
) -> None:
    headers = await visitor(client, site.inbox)
    conversation = await start(client, headers)
    staff_url = f"/conversations/{conversation['id']}/messages"
    on_reply = await uploaded(
        client, site.staff, filename="guide.pdf", content_type="application/pdf", data=PDF
    )
    on_note = await uploaded(client, site.staff)
    for kind, attachment_id in (("reply", on_reply), ("note", on_note)):
        response = await client.post(
            staff_url,
            headers=site.staff,
            json={"kind": kind, "text": f"{kind} file", "attachment_ids": [attachment_id]},
        )
        assert response.status_code == 201, response.text
    listed = await widget_messages(client, headers, conversation["id"])
    assert [a["id"] for m in listed for a in m["attachments"]] == [on_reply]
    assert listed[-1]["attachments"][0]["url"] == f"/api/v1/widget/attachments/{on_reply}"
    reply_file = await client.get(f"/widget/attachments/{on_reply}", headers=headers)
    assert reply_file.status_code == 200
    assert reply_file.content == PDF
    problem(await client.get(f"/widget/attachments/{on_note}", headers=headers), 404)


async def test_files_of_another_inbox_are_not_found_even_for_the_same_contact(
    client: httpx.AsyncClient, site: Site
) -> None:
    identifier = f"cust-{uuid.uuid4().hex[:6]}"
    other_inbox = await site.other_inbox()
    there = await visitor(
        client, other_inbox, identifier=identifier, identifier_hash=signed(other_inbox, identifier)
    )
    here = await visitor(
        client, site.inbox, identifier=identifier, identifier_hash=signed(site.inbox, identifier)
    )
    own = (await _upload(client, there)).json()["id"]
    conversation = await start(client, there)
    sent = await client.post(
        f"/widget/conversations/{conversation['id']}/messages",
        headers=there,
        json={"text": "my receipt", "attachment_ids": [own]},
    )
    assert sent.status_code == 201, sent.text
    on_reply = await uploaded(
        client, site.staff, filename="guide.pdf", content_type="application/pdf", data=PDF
    )
    replied = await client.post(
        f"/conversations/{conversation['id']}/messages",
        headers=site.staff,
        json={"kind": "reply", "text": "the guide", "attachment_ids": [on_reply]},
    )
    assert replied.status_code == 201, replied.text
    for attachment_id in (own, on_reply):
        url = f"/widget/attachments/{attachment_id}"
        assert (await client.get(url, headers=there)).status_code == 200
        problem(await client.get(url, headers=here), 404)


async def test_refused_uploads(client: httpx.AsyncClient, site: Site) -> None:
    headers = await visitor(client, site.inbox)
    problem(await _upload(client, headers, "tool.exe", "application/x-msdownload", ELF), 415)
    problem(await _upload(client, headers, "fake.png", "image/png", ELF), 415)
    missing = await client.post("/widget/attachments", headers=headers, json={})
    problem(missing, 422)
