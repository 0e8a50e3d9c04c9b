from fastapi import APIRouter

router = APIRouter(prefix="/attachments", tags=["attachments"])
