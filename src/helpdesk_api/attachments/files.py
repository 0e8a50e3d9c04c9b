"""What an uploaded file may be: accepted types, content sniffing, safe names, disposition.

Pure functions, no I/O: the service applies them while the bytes stream in.
"""

import fnmatch
import mimetypes
import unicodedata
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from helpdesk_api.attachments.exceptions import UnsupportedMediaType

#: How many leading bytes the signature checks need (a PE header's zeros sit well within).
HEAD_BYTES = 64
MAX_FILENAME = 255
OCTET_STREAM = "application/octet-stream"

_PNG, _JPEG, _GIF, _WEBP = "image/png", "image/jpeg", "image/gif", "image/webp"
_PDF, _ZIP = "application/pdf", "application/zip"
_EXECUTABLE = "application/x-executable"

#: Formats that carry their container's signature: the content must show it.
_EXPECTED_SIGNATURE = {
    _PNG: _PNG,
    _JPEG: _JPEG,
    _GIF: _GIF,
    _WEBP: _WEBP,
    _PDF: _PDF,
    _ZIP: _ZIP,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _ZIP,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _ZIP,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _ZIP,
    "application/vnd.oasis.opendocument.text": _ZIP,
    "application/vnd.oasis.opendocument.spreadsheet": _ZIP,
    "application/vnd.oasis.opendocument.presentation": _ZIP,
    "application/epub+zip": _ZIP,
}

#: Shown in the browser; everything else is offered as a download.
INLINE_TYPES = frozenset({_PNG, _JPEG, _GIF, _WEBP, _PDF})

#: Spellings clients send for the same type.
_ALIASES = {
    "image/jpg": _JPEG,
    "image/pjpeg": _JPEG,
    "application/x-zip-compressed": _ZIP,
    "application/x-zip": _ZIP,
    "application/x-pdf": _PDF,
    "text/comma-separated-values": "text/csv",
}

#: Office formats the built-in table may lack; the rest comes from the standard library.
_BY_EXTENSION = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".webp": _WEBP,
    ".csv": "text/csv",
}
# Only the built-in table: the host's /etc/mime.types must not change what is accepted.
_BUILTIN_TYPES = mimetypes.MimeTypes(filenames=())

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_STRIPPED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


@dataclass
class IncomingFile:
    """An upload as it arrives: the client's name and type claims, and its bytes."""

    filename: str
    content_type: str | None
    chunks: AsyncIterator[bytes]


def sanitize_filename(raw: str) -> str:
    """The last path segment, without control or bidi-override characters, at most 255
    characters (the extension kept), never empty. Other unicode stays as sent."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        c
        for c in name
        if unicodedata.category(c) not in _STRIPPED_CATEGORIES and c not in _BIDI_CONTROLS
    )
    # Trailing dots and spaces vanish on Windows and would turn "a.exe." into "a.exe".
    name = name.strip().rstrip(". ")
    if not name.strip("."):
        return "file"
    if len(name) > MAX_FILENAME:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) <= 16:
            name = stem[: MAX_FILENAME - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:MAX_FILENAME]
    return name


def declared_type(content_type: str | None, filename: str) -> str:
    """The type the client claims, normalised; guessed from the name when it claims none."""
    claimed = (content_type or "").split(";", 1)[0].strip().lower()
    if not claimed or claimed == OCTET_STREAM:
        extension = "." + filename.rpartition(".")[2].lower() if "." in filename else ""
        guessed = _BY_EXTENSION.get(extension) or _BUILTIN_TYPES.guess_type(filename)[0]
        claimed = (guessed or OCTET_STREAM).lower()
    return _ALIASES.get(claimed, claimed)


# Extensions a desktop runs when opened, whatever the bytes (.bat is "text/plain" too).
_RUNNABLE = frozenset(
    {
        "bat",
        "cmd",
        "com",
        "exe",
        "msi",
        "scr",
        "pif",
        "cpl",
        "hta",
        "js",
        "jse",
        "vbs",
        "vbe",
        "wsf",
        "wsh",
        "ps1",
        "psm1",
        "jar",
        "sh",
        "command",
        "app",
        "lnk",
        "reg",
        "html",
        "htm",
        "xhtml",
        "svg",
        "mht",
    }
)


def _type_of_extension(filename: str) -> str | None:
    extension = "." + filename.rpartition(".")[2].lower() if "." in filename else ""
    guessed = _BY_EXTENSION.get(extension) or _BUILTIN_TYPES.guess_type(filename)[0]
    return _ALIASES.get(guessed.lower(), guessed.lower()) if guessed else None


def name_for_type(filename: str, content_type: str) -> str:
    """``filename`` with an extension that says what the content is.

    A name whose extension claims something else (``invoice.hta`` sent as text) gets the
    type's own extension appended, so saving and opening the file never runs it.
    """
    current = filename.rpartition(".")[2].lower() if "." in filename else ""
    if _type_of_extension(filename) == content_type and current not in _RUNNABLE:
        return filename
    by_type = {t: e for e, t in _BY_EXTENSION.items()}
    extension = by_type.get(content_type) or _BUILTIN_TYPES.guess_extension(content_type)
    if not extension:
        return filename
    return sanitize_filename(filename[: MAX_FILENAME - len(extension)] + extension)


def type_allowed(content_type: str, allowed: Sequence[str]) -> bool:
    """Whether ``content_type`` matches one of the configured types or patterns (``image/*``)."""
    return any(fnmatch.fnmatchcase(content_type, pattern.strip().lower()) for pattern in allowed)


def sniff(head: bytes) -> str | None:
    """The format the leading bytes show, for the signatures that matter here."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _PNG
    if head.startswith(b"\xff\xd8\xff"):
        return _JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return _GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _WEBP
    if head.startswith(b"%PDF-"):
        return _PDF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _ZIP
    if head.startswith((b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf")):
        return _EXECUTABLE
    if head.startswith((b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe")):
        return _EXECUTABLE
    # "MZ" alone also starts ordinary text; a DOS/PE header has zero bytes right after.
    if head.startswith(b"MZ") and b"\x00" in head[:HEAD_BYTES]:
        return _EXECUTABLE
    return None


def check_content(content_type: str, head: bytes) -> None:
    """Refuse content whose leading bytes contradict ``content_type``.

    A format with a signature must show it; a format without one (text, CSV …) must not
    turn out to be one of the signed formats; executables are refused whatever the claim.
    """
    found = sniff(head)
    if found == _EXECUTABLE:
        raise UnsupportedMediaType("Executable files are not accepted.")
    expected = _EXPECTED_SIGNATURE.get(content_type)
    if found != expected:
        shown = f"a {found} file" if found else "no recognised format"
        raise UnsupportedMediaType(
            f"The file claims to be {content_type} but its content shows {shown}."
        )


def content_disposition(content_type: str, filename: str) -> str:
    """RFC 6266: ``inline`` for images and PDF, ``attachment`` otherwise; an ASCII
    ``filename`` for old clients plus ``filename*`` (UTF-8) when the name needs it."""
    kind = "inline" if content_type in INLINE_TYPES else "attachment"
    fallback = "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\' else "_" for c in filename)
    header = f'{kind}; filename="{fallback}"'
    if fallback != filename:
        header += "; filename*=UTF-8''" + quote(filename, safe="")
    return header
