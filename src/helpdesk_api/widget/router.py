from fastapi import APIRouter

router = APIRouter(prefix="/widget", tags=["widget"])
