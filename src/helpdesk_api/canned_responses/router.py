from fastapi import APIRouter

router = APIRouter(prefix="/canned-responses", tags=["canned-responses"])
