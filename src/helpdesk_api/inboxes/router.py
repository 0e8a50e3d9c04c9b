from fastapi import APIRouter

router = APIRouter(prefix="/inboxes", tags=["inboxes"])
