import uuid
from datetime import datetime

from pydantic import computed_field

from helpdesk_api.kit.schemas import Schema

DOWNLOAD_PATH = "/api/v1/attachments/{id}"


class Attachment(Schema):
    id: uuid.UUID
    filename: str
    content_type: str
    size_bytes: int
    created_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def url(self) -> str:
        """Where staff download the file (with their usual Authorization header)."""
        return DOWNLOAD_PATH.format(id=self.id)
