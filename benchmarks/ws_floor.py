"""The floor for the capacity benchmarks: uvicorn run as `enterprisehub serve` runs it, serving a
coaching socket that does no work. It answers a ping with a pong and a prospect message at once with a
suggestions event on the agent's topic (the token is the agent's id): what the machine, the socket
stack and the load generator cost with nothing to compute or store.

    python -m benchmarks.ws_floor PORT
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

import uvicorn
from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse

from ghl_real_estate_ai.cli import UVICORN


def create_app() -> FastAPI:
    app = FastAPI()

    @app.websocket("/ws/coaching")
    async def socket(websocket: WebSocket, token: str = "") -> None:
        await websocket.accept()
        topic, event_id = f"coaching.{token}.suggestions", 0
        try:
            while True:
                message = json.loads(await websocket.receive_text())
                if message["type"] == "ping":
                    await websocket.send_text(json.dumps({"type": "pong"}))
                elif message["type"] == "prospect_message":
                    event_id += 1
                    event = {"type": "event", "topic": topic, "event_id": event_id}
                    event["ts"] = datetime.now(UTC).isoformat()
                    event["data"] = {"suggestions": [message["message"]]}
                    await websocket.send_text(json.dumps(event))
        except WebSocketDisconnect:
            return

    @app.get("/api/v1/ping")
    async def ping() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return app


if __name__ == "__main__":
    uvicorn.run(
        "benchmarks.ws_floor:create_app", factory=True, host="127.0.0.1", port=int(sys.argv[1]), **UVICORN
    )
