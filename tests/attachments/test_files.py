"""The pure rules of files and the local storage, without HTTP."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from helpdesk_api.attachments.exceptions import UnsupportedMediaType
from helpdesk_api.attachments.files import (
    check_content,
    content_disposition,
    declared_type,
    sanitize_filename,
    type_allowed,
)
from helpdesk_api.attachments.storage import LocalStorage, StoredFileMissing
from helpdesk_api.settings import DEFAULT_ATTACHMENT_TYPES
from tests.factories.attachments import DOCX, PNG

KEY = "0b6f1b3c-8f0e-4a55-9c43-3b7c1f1f9a10/5d2b9a3e-4c1f-4e0b-8a6d-2f5e7c9b1a33"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("/var/tmp/../a.pdf", "a.pdf"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("tab\there\nnew.txt", "tabherenew.txt"),
        ("\u202egnp.exe", "gnp.exe"),
        ("  spaced name.txt . ", "spaced name.txt"),
        ("..", "file"),
        ("", "file"),
        ("Ünïcödé 📎.txt", "Ünïcödé 📎.txt"),
        ("e\u0301te\u0301.txt", "été.txt"),  # decomposed accents are composed
        ("a" * 400, "a" * 255),
    ],
)
def test_sanitize_filename(sent: str, kept: str) -> None:
    assert sanitize_filename(sent) == kept


def test_long_names_keep_their_extension() -> None:
    name = sanitize_filename("é" * 300 + ".xlsx")
    assert len(name) == 255
    assert name.endswith("é.xlsx")


def test_declared_type_normalises_and_guesses() -> None:
    assert declared_type("Image/JPG; charset=binary", "x") == "image/jpeg"
    assert declared_type(None, "Report.PDF") == "application/pdf"
    assert declared_type("application/octet-stream", "sheet.xlsx").endswith("spreadsheetml.sheet")
    assert declared_type(None, "noextension") == "application/octet-stream"


def test_default_allowlist_refuses_scriptable_and_executable_types() -> None:
    allowed = list(DEFAULT_ATTACHMENT_TYPES)
    for accepted in ("image/png", "application/pdf", "text/csv", "application/zip"):
        assert type_allowed(accepted, allowed)
    for refused in ("text/html", "image/svg+xml", "application/x-msdownload", "text/javascript"):
        assert not type_allowed(refused, allowed)
    assert type_allowed("image/avif", ["image/*"])
    assert not type_allowed("application/pdf", ["image/*"])


def test_check_content_accepts_matching_signatures() -> None:
    check_content("image/png", PNG)
    check_content("application/vnd.openxmlformats-officedocument.wordprocessingml.document", DOCX)
    check_content("text/plain", b"MZ Corp quarterly notes")  # text that merely starts with MZ
    check_content("text/plain", b"")
    with pytest.raises(UnsupportedMediaType):
        check_content("text/plain", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00")
    with pytest.raises(UnsupportedMediaType):
        check_content("image/webp", b"RIFF\x00\x00\x00\x00WAVEfmt ")


def test_content_disposition() -> None:
    assert content_disposition("application/pdf", "a.pdf") == 'inline; filename="a.pdf"'
    assert content_disposition("text/plain", 'say "hi".txt') == (
        "attachment; filename=\"say _hi_.txt\"; filename*=UTF-8''say%20%22hi%22.txt"
    )


async def _chunks(*parts: bytes, fail: bool = False) -> AsyncIterator[bytes]:
    for part in parts:
        yield part
    if fail:
        raise RuntimeError("client went away")


async def test_local_storage_round_trip_and_delete(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    await storage.save(KEY, _chunks(b"a" * 70000, b"b" * 10))
    assert b"".join([c async for c in await storage.open(KEY)]) == b"a" * 70000 + b"b" * 10
    await storage.delete(KEY)
    await storage.delete(KEY)  # already gone: fine
    with pytest.raises(StoredFileMissing):
        await storage.open(KEY)


async def test_local_storage_leaves_nothing_when_the_stream_fails(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    with pytest.raises(RuntimeError):
        await storage.save(KEY, _chunks(b"partial " * 20000, fail=True))
    assert list(storage.path(KEY).parent.iterdir()) == []


@pytest.mark.parametrize("key", ["../etc/passwd", "a/b", KEY + "/x", "/" + KEY])
async def test_local_storage_accepts_only_its_own_keys(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError, match="not a storage key"):
        await LocalStorage(tmp_path).save(key, _chunks(b"x"))


def test_a_name_that_would_run_gets_the_extension_of_its_content() -> None:
    from helpdesk_api.attachments.files import name_for_type

    text = "text/plain"
    assert name_for_type("invoice.hta", text) == "invoice.hta.txt"
    assert name_for_type("setup.bat", text) == "setup.bat.txt"
    assert name_for_type("page.html", text) == "page.html.txt"
    assert name_for_type("notes.txt", text) == "notes.txt"
    assert name_for_type("scan", "application/pdf") == "scan.pdf"
    assert name_for_type("Photo.JPG", "image/jpeg") == "Photo.JPG"
