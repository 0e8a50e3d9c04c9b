"""The bare ceilings the throughput benchmark compares the app with.

The same stack as the app (FastAPI on uvicorn with uvloop and httptools, asyncpg) doing
the least a request can do: answer ``GET /hello``, ``GET /select`` one row, or
``POST /insert`` one row.
``BENCH_BARE_DSN`` names the database; the table is created at start.
"""

import contextlib
import os
from collections.abc import AsyncIterator

import asyncpg
from fastapi import FastAPI, Request

_TABLE = """
CREATE TABLE IF NOT EXISTS bench_bare (
    id bigserial PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now()
)
"""


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    pool = await asyncpg.create_pool(os.environ["BENCH_BARE_DSN"], min_size=10, max_size=30)
    await pool.execute(_TABLE)
    app.state.pool = pool
    yield
    await pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/hello")
async def hello() -> dict[str, str]:
    return {"hello": "world"}


@app.get("/select")
async def select_one(request: Request) -> dict[str, object]:
    row = await request.app.state.pool.fetchrow(
        "SELECT id, body, created_at FROM bench_bare ORDER BY id LIMIT 1"
    )
    return {"id": row["id"], "body": row["body"], "created_at": row["created_at"].isoformat()}


@app.post("/insert", status_code=201)
async def insert(request: Request) -> dict[str, int]:
    body = await request.json()
    row_id = await request.app.state.pool.fetchval(
        "INSERT INTO bench_bare (body) VALUES ($1) RETURNING id", str(body.get("body", ""))
    )
    return {"id": row_id}
