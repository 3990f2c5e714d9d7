"""The floor for the GHL webhook benchmark: uvicorn run as `enterprisehub serve` runs it, serving one
endpoint that reads the posted body and answers 200 with no work at all.

    python -m benchmarks.ghl_floor PORT
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ghl_real_estate_ai.cli import UVICORN

PATH = "/api/v1/ghl/webhook"


def create_app() -> FastAPI:
    app = FastAPI()

    @app.post(PATH)
    async def nothing(request: Request) -> JSONResponse:
        await request.body()
        return JSONResponse({"status": "accepted"})

    @app.get("/api/v1/ping")
    async def ping() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return app


if __name__ == "__main__":
    uvicorn.run(
        "benchmarks.ghl_floor:create_app", factory=True, host="127.0.0.1", port=int(sys.argv[1]), **UVICORN
    )
