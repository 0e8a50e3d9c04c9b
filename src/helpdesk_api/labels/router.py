from fastapi import APIRouter

router = APIRouter(prefix="/labels", tags=["labels"])
