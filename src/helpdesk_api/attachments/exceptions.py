from helpdesk_api.errors import HelpdeskError, InvalidRequest


class UnsupportedMediaType(HelpdeskError):
    status, slug, title = 415, "unsupported-media-type", "Unsupported media type"


class MalformedUpload(HelpdeskError):
    """The multipart body could not be read (bad framing, ended early, oversized headers)."""

    status, slug, title = 400, "malformed-upload", "Malformed upload"


class AttachmentsNotClaimable(InvalidRequest):
    slug, title = "attachments-not-claimable", "Attachments cannot be attached"
