"""Where attachment content lives, behind a small interface so it can move off local disk."""

import os
import re
import tempfile
from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path
from typing import BinaryIO, Protocol

from anyio import to_thread

from helpdesk_api.settings import Settings

#: Bytes per read and per write to disk (each one is a hop to a worker thread).
CHUNK_BYTES = 64 * 1024

# Keys are "<account uuid>/<attachment uuid>": nothing else may reach the filesystem.
_KEY = re.compile(
    r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"
)


class StoredFileMissing(LookupError):
    """The key names no stored content."""


class Storage(Protocol):
    async def save(self, key: str, chunks: AsyncIterable[bytes]) -> None:
        """Store everything ``chunks`` yields under ``key``, or nothing when it raises."""

    async def open(self, key: str) -> AsyncIterator[bytes]:
        """The content under ``key`` as chunks; raises StoredFileMissing when there is none."""

    async def delete(self, key: str) -> None:
        """Remove the content under ``key``; a missing key is not an error."""


class LocalStorage:
    """Files under ``root``, one per key. Blocking file calls run in worker threads.

    A file appears under its key only once complete: it is written to a temporary file in
    the same directory, flushed to disk and renamed.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / key

    async def save(self, key: str, chunks: AsyncIterable[bytes]) -> None:
        path = self.path(key)
        await to_thread.run_sync(lambda: path.parent.mkdir(parents=True, exist_ok=True))
        fd, temporary = await to_thread.run_sync(
            lambda: tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        )
        file = os.fdopen(fd, "wb")
        try:
            buffer = bytearray()
            async for chunk in chunks:
                buffer += chunk
                if len(buffer) >= CHUNK_BYTES:
                    await to_thread.run_sync(file.write, bytes(buffer))
                    buffer.clear()
            await to_thread.run_sync(_finish, file, bytes(buffer))
            await to_thread.run_sync(os.replace, temporary, path)
        except BaseException:
            # Synchronous on purpose: this also runs on cancellation, where awaiting a
            # thread could be cancelled in turn and leave the partial file behind.
            _discard(file, temporary)
            raise

    async def open(self, key: str) -> AsyncIterator[bytes]:
        path = self.path(key)
        try:
            file = await to_thread.run_sync(path.open, "rb")
        except FileNotFoundError as exc:
            raise StoredFileMissing(key) from exc
        return _read(file)

    async def delete(self, key: str) -> None:
        path = self.path(key)
        await to_thread.run_sync(lambda: path.unlink(missing_ok=True))


def _finish(file: BinaryIO, rest: bytes) -> None:
    with file:
        file.write(rest)
        file.flush()
        os.fsync(file.fileno())


def _discard(file: BinaryIO, temporary: str) -> None:
    file.close()
    Path(temporary).unlink(missing_ok=True)


async def _read(file: BinaryIO) -> AsyncIterator[bytes]:
    try:
        while chunk := await to_thread.run_sync(file.read, CHUNK_BYTES):
            yield chunk
    finally:
        file.close()


def create_storage(settings: Settings) -> Storage:
    """The one place that decides where attachment content is kept."""
    return LocalStorage(settings.data_dir / "attachments")
