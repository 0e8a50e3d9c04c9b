import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.attachments.service import claim
from helpdesk_api.models import Attachment
from helpdesk_api.settings import Settings
from tests.api_tokens.test_router import bearer, create_token
from tests.conftest import client_for
from tests.factories.attachments import (
    BOUNDARY,
    DOCX,
    ELF,
    PDF,
    PNG,
    TEXT,
    make_message,
    multipart,
    other_field,
    upload,
    uploaded,
)
from tests.factories.conversations import make_conversation
from tests.factories.staff import StaffFactory, Tenant

Sessionmaker = async_sessionmaker[AsyncSession]


def stored_files(settings: Settings, tenant: Tenant) -> list[Path]:
    folder = settings.data_dir / "attachments" / str(tenant.account.id)
    return sorted(folder.iterdir()) if folder.exists() else []


async def rows_of(sessionmaker: Sessionmaker, tenant: Tenant) -> int:
    async with sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).where(Attachment.account_id == tenant.account.id)
        )
    return count or 0


async def test_upload_then_download_returns_the_same_bytes_with_safe_headers(
    client: httpx.AsyncClient, tenant: Tenant, settings: Settings
) -> None:
    response = await upload(client, tenant.agent.headers, filename="shot.png", data=PNG)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["filename"] == "shot.png"
    assert body["content_type"] == "image/png"
    assert body["size_bytes"] == len(PNG)
    assert body["url"] == f"/api/v1/attachments/{body['id']}"
    assert stored_files(settings, tenant) == [
        settings.data_dir / "attachments" / str(tenant.account.id) / body["id"]
    ]

    download = await client.get(f"/attachments/{body['id']}", headers=tenant.agent.headers)
    assert download.status_code == 200
    assert download.content == PNG
    assert download.headers["content-type"] == "image/png"
    assert download.headers["content-length"] == str(len(PNG))
    assert download.headers["content-disposition"] == 'inline; filename="shot.png"'
    assert download.headers["x-content-type-options"] == "nosniff"


async def test_other_files_download_as_attachment_with_an_rfc6266_utf8_name(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    attachment_id = await uploaded(
        client,
        tenant.agent.headers,
        filename="résumé 2024.txt",
        content_type="text/plain",
        data=TEXT,
    )
    download = await client.get(f"/attachments/{attachment_id}", headers=tenant.agent.headers)
    assert download.content == TEXT
    # Exactly the stored type: no charset guessed onto text.
    assert download.headers["content-type"] == "text/plain"
    assert download.headers["content-disposition"] == (
        "attachment; filename=\"r_sum_ 2024.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%202024.txt"
    )


async def test_type_is_taken_from_the_name_when_the_client_sends_octet_stream(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    cases = [("report.pdf", PDF, "application/pdf"), ("plan.docx", DOCX, "application/vnd.")]
    for name, data, expected in cases:
        response = await upload(
            client,
            tenant.agent.headers,
            filename=name,
            content_type="application/octet-stream",
            data=data,
        )
        assert response.status_code == 201, response.text
        assert response.json()["content_type"].startswith(expected)


async def test_upload_over_the_limit_is_413_and_leaves_nothing(
    settings: Settings, app: FastAPI, tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    app.state.resources.settings = settings.model_copy(update={"attachment_max_bytes": 1000})
    try:
        async with client_for(app) as client:
            at_limit = await upload(
                client, tenant.agent.headers, "a.txt", "text/plain", b"x" * 1000
            )
            over = await upload(client, tenant.agent.headers, "b.txt", "text/plain", b"x" * 1001)
    finally:
        app.state.resources.settings = settings
    assert at_limit.status_code == 201
    assert over.status_code == 413
    assert over.headers["content-type"] == "application/problem+json"
    assert over.json()["type"] == "/problems/payload-too-large"
    assert await rows_of(sessionmaker, tenant) == 1
    assert [p.name for p in stored_files(settings, tenant)] == [at_limit.json()["id"]]


async def test_size_limit_stops_the_upload_while_it_streams(
    settings: Settings, app: FastAPI, tenant: Tenant
) -> None:
    """The body never ends: only a limit applied to the arriving bytes can answer."""
    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        head, _ = multipart("big.txt", "text/plain", b"", closed=False)
        yield head
        while sent < 50_000_000:  # a safety net, far beyond what the server may read
            sent += 65536
            yield b"y" * 65536

    app.state.resources.settings = settings.model_copy(update={"attachment_max_bytes": 100_000})
    try:
        async with client_for(app) as client:
            response = await client.post(
                "/attachments",
                headers=tenant.agent.headers
                | {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
                content=endless(),
            )
    finally:
        app.state.resources.settings = settings
    assert response.status_code == 413
    assert sent < 1_000_000


@pytest.mark.parametrize(
    ("filename", "content_type", "data"),
    [
        ("page.html", "text/html", b"<html><script>alert(1)</script></html>"),
        ("logo.svg", "image/svg+xml", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("setup.exe", "application/x-msdownload", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("mystery", None, b"no type, no extension"),
    ],
)
async def test_types_outside_the_allowlist_are_415(
    client: httpx.AsyncClient,
    tenant: Tenant,
    sessionmaker: Sessionmaker,
    filename: str,
    content_type: str | None,
    data: bytes,
) -> None:
    response = await upload(client, tenant.agent.headers, filename, content_type, data)
    assert response.status_code == 415
    assert response.json()["type"] == "/problems/unsupported-media-type"
    assert await rows_of(sessionmaker, tenant) == 0


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("image/png", PDF),  # a PDF claiming to be a picture
        ("application/pdf", TEXT),
        ("image/jpeg", PNG),
        ("text/plain", PNG),  # a picture claiming to be text
        ("text/plain", ELF),  # an executable, whatever it claims
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", TEXT),
    ],
)
async def test_content_contradicting_its_type_is_415(
    client: httpx.AsyncClient,
    tenant: Tenant,
    settings: Settings,
    content_type: str,
    data: bytes,
) -> None:
    response = await upload(client, tenant.agent.headers, "file.bin", content_type, data)
    assert response.status_code == 415, response.text
    assert stored_files(settings, tenant) == []


async def test_filenames_lose_paths_and_control_characters_but_keep_unicode(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    names = {
        "../../etc/passwd.txt": "passwd.txt",
        "C:\\Users\\me\\notes.txt": "notes.txt",
        "in\x01voice\x7f\u202e.txt": "invoice.txt",
        "日本語の資料.txt": "日本語の資料.txt",
        "x" * 300 + ".txt": "x" * 251 + ".txt",
    }
    for sent, kept in names.items():
        response = await upload(client, tenant.agent.headers, sent, "text/plain", TEXT)
        assert response.status_code == 201, response.text
        assert response.json()["filename"] == kept


async def test_a_body_without_the_file_field_is_422(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    headers = tenant.agent.headers
    plain_field, content_headers = multipart(None, None, b"not a file")  # no filename
    nothing_chosen, _ = multipart("", "application/octet-stream", b"")
    other = other_field("note", b"hello") + f"--{BOUNDARY}--\r\n".encode()
    responses = [
        await client.post("/attachments", headers=headers, json={"file": "x"}),
        await client.post("/attachments", headers=headers | content_headers, content=plain_field),
        await client.post("/attachments", headers=headers | content_headers, content=other),
        await client.post(
            "/attachments", headers=headers | content_headers, content=nothing_chosen
        ),
        await client.post("/attachments", headers=headers),
    ]
    for response in responses:
        assert response.status_code == 422
        problem = response.json()
        assert problem["type"] == "/problems/validation-error"
        assert problem["errors"][0]["loc"] == ["body", "file"]


async def test_other_fields_before_the_file_are_skipped(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await upload(
        client,
        tenant.agent.headers,
        "a.txt",
        "text/plain",
        TEXT,
        before=other_field("comment", b"for the invoice"),
    )
    assert response.status_code == 201
    assert response.json()["size_bytes"] == len(TEXT)


async def test_a_truncated_upload_is_400_and_stores_nothing(
    client: httpx.AsyncClient, tenant: Tenant, settings: Settings, sessionmaker: Sessionmaker
) -> None:
    response = await upload(client, tenant.agent.headers, "a.txt", "text/plain", TEXT, closed=False)
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/malformed-upload"
    assert await rows_of(sessionmaker, tenant) == 0
    assert stored_files(settings, tenant) == []


async def test_an_unsent_upload_is_seen_only_by_its_uploader(
    client: httpx.AsyncClient, tenant: Tenant, staff_factory: StaffFactory
) -> None:
    attachment_id = await uploaded(client, tenant.agent.headers)
    colleague = await staff_factory.user(tenant.account.id)
    url = f"/attachments/{attachment_id}"
    assert (await client.get(url, headers=tenant.agent.headers)).status_code == 200
    for other in (colleague, tenant.admin, tenant.owner):
        response = await client.get(url, headers=other.headers)
        assert response.status_code == 404
        assert response.json()["type"] == "/problems/not-found"


async def test_api_token_uploads_are_shared_by_admin_tokens_only(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    uploader = bearer((await create_token(client, tenant, role="admin"))["token"])
    other_admin_token = bearer((await create_token(client, tenant, role="admin"))["token"])
    agent_token = bearer((await create_token(client, tenant, role="agent"))["token"])
    attachment_id = await uploaded(client, uploader)
    url = f"/attachments/{attachment_id}"
    assert (await client.get(url, headers=uploader)).status_code == 200
    assert (await client.get(url, headers=other_admin_token)).status_code == 200
    assert (await client.get(url, headers=agent_token)).status_code == 404
    assert (await client.get(url, headers=tenant.owner.headers)).status_code == 404


async def test_attachments_of_another_account_are_404(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, sessionmaker: Sessionmaker
) -> None:
    unsent = await uploaded(client, other_tenant.owner.headers)
    sent = await uploaded(client, other_tenant.owner.headers)
    conversation = await make_conversation(sessionmaker, other_tenant.account.id)
    message = await make_message(sessionmaker, conversation, sender_user_id=other_tenant.owner.id)
    async with sessionmaker() as session:
        await claim(
            session,
            other_tenant.account.id,
            [uuid.UUID(sent)],
            message.id,
            user_id=other_tenant.owner.id,
        )
        await session.commit()
    for attachment_id in (unsent, sent):
        url = f"/attachments/{attachment_id}"
        assert (await client.get(url, headers=tenant.owner.headers)).status_code == 404
        assert (await client.get(url, headers=other_tenant.owner.headers)).status_code == 200
    missing = await client.get(f"/attachments/{uuid.uuid4()}", headers=tenant.owner.headers)
    assert missing.status_code == 404


async def test_a_sent_attachment_is_seen_by_whoever_sees_the_conversation(
    client: httpx.AsyncClient,
    tenant: Tenant,
    staff_factory: StaffFactory,
    sessionmaker: Sessionmaker,
) -> None:
    attachment_id = await uploaded(client, tenant.admin.headers)
    conversation = await make_conversation(
        sessionmaker, tenant.account.id, assignee_id=tenant.agent.id
    )
    message = await make_message(sessionmaker, conversation, sender_user_id=tenant.admin.id)
    async with sessionmaker() as session:
        await claim(
            session,
            tenant.account.id,
            [uuid.UUID(attachment_id)],
            message.id,
            user_id=tenant.admin.id,
        )
        await session.commit()
    outsider = await staff_factory.user(tenant.account.id)
    url = f"/attachments/{attachment_id}"
    for viewer in (tenant.admin, tenant.owner, tenant.agent):  # the agent is the assignee
        response = await client.get(url, headers=viewer.headers)
        assert response.status_code == 200
        assert response.content == PNG
    assert (await client.get(url, headers=outsider.headers)).status_code == 404


async def test_an_attachment_whose_content_is_gone_is_404(
    client: httpx.AsyncClient, tenant: Tenant, settings: Settings
) -> None:
    attachment_id = await uploaded(client, tenant.agent.headers)
    (settings.data_dir / "attachments" / str(tenant.account.id) / attachment_id).unlink()
    response = await client.get(f"/attachments/{attachment_id}", headers=tenant.agent.headers)
    assert response.status_code == 404


async def test_a_client_leaving_mid_upload_leaves_nothing(
    app: FastAPI, tenant: Tenant, settings: Settings, sessionmaker: Sessionmaker
) -> None:
    head, content_headers = multipart("a.txt", "text/plain", TEXT, closed=False)
    messages = [
        {"type": "http.request", "body": head, "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return messages.pop(0)

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    headers = tenant.agent.headers | content_headers
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/attachments",
        "raw_path": b"/api/v1/attachments",
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("10.9.9.9", 40000),
        "server": ("testserver", 80),
        "state": {},
    }
    await app(scope, receive, send)
    assert sent[0]["status"] == 400
    assert await rows_of(sessionmaker, tenant) == 0
    assert stored_files(settings, tenant) == []
