"""A local fake of the GHL API v2: a real HTTP server (Starlette on uvicorn, in a thread).

It checks what the real API checks (Bearer token, the Version header per endpoint, payload shapes),
records every request, keeps contacts' tags, notes and tasks, and can be scripted to answer 429 (with
rate-limit headers), 500, 401 or slowly.
"""

from __future__ import annotations

import asyncio
import secrets
import socket
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

CONTACTS_VERSION = "2021-07-28"


@dataclass
class Recorded:
    method: str
    path: str
    status: int
    body: Any
    version: str | None
    at: float


@dataclass
class Scripted:
    status: int
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class FakeGhl:
    def __init__(self, token: str = "pit-test-token") -> None:
        self.token = token
        self.requests: list[Recorded] = []
        self.script: list[Scripted] = []  # answers taken, in order, before normal handling
        self.always: Scripted | None = None
        self.tags: dict[str, list[str]] = defaultdict(list)
        self.notes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.tasks: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.fields: dict[str, dict[str, Any]] = defaultdict(dict)
        self.custom_fields: dict[str, list[dict[str, str]]] = defaultdict(list)
        self.lock = threading.Lock()
        self.base_url = ""
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    # What the tests read -------------------------------------------------------------------------------

    def calls(
        self, method: str | None = None, path_part: str = "", status: int | None = 200
    ) -> list[Recorded]:
        with self.lock:
            return [
                r
                for r in self.requests
                if (method is None or r.method == method)
                and path_part in r.path
                and (status is None or r.status < 300)
            ]

    # The app ---------------------------------------------------------------------------------------------

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/contacts/{cid}", self.put_contact, methods=["GET", "PUT"]),
                Route("/contacts/{cid}/tags", self.tags_route, methods=["POST", "DELETE"]),
                Route("/contacts/{cid}/notes", self.notes_route, methods=["GET", "POST"]),
                Route("/contacts/{cid}/tasks", self.tasks_route, methods=["GET", "POST"]),
                Route("/locations/{lid}/customFields", self.custom_fields_route, methods=["GET", "POST"]),
            ]
        )

    async def _gate(self, request: Request) -> tuple[JSONResponse | None, Any]:
        body = await request.json() if request.method in ("POST", "PUT", "DELETE") else None
        scripted = None
        with self.lock:
            if self.script:
                scripted = self.script.pop(0)
            elif self.always is not None:
                scripted = self.always
        answer: JSONResponse | None = None
        if scripted is not None:
            if scripted.delay:
                await asyncio.sleep(scripted.delay)
            if scripted.status >= 300:
                answer = JSONResponse(
                    {"statusCode": scripted.status, "message": "scripted failure"},
                    status_code=scripted.status,
                    headers=scripted.headers,
                )
        if answer is None and request.headers.get("authorization") != f"Bearer {self.token}":
            answer = JSONResponse({"statusCode": 401, "message": "Invalid JWT"}, status_code=401)
        if answer is None and request.headers.get("version") != CONTACTS_VERSION:
            answer = JSONResponse(
                {"statusCode": 400, "message": f"Version header must be {CONTACTS_VERSION}"}, status_code=400
            )
        if answer is not None:
            self._record(request, answer.status_code, body)
        return answer, body

    def _record(self, request: Request, status: int, body: Any) -> None:
        with self.lock:
            self.requests.append(
                Recorded(
                    request.method,
                    request.url.path,
                    status,
                    body,
                    request.headers.get("version"),
                    time.monotonic(),
                )
            )

    @staticmethod
    def _unprocessable(messages: list[str]) -> JSONResponse:
        return JSONResponse(
            {"statusCode": 422, "message": messages, "error": "Unprocessable Entity"}, status_code=422
        )

    async def put_contact(self, request: Request) -> JSONResponse:
        refused, body = await self._gate(request)
        if refused:
            return refused
        cid = request.path_params["cid"]
        if request.method == "GET":
            self._record(request, 200, None)
            fields = [{"id": key, "value": value} for key, value in self.fields[cid].items()]
            return JSONResponse({"contact": {"id": cid, "tags": self.tags[cid], "customFields": fields}})
        if "tags" in body:
            # The real API replaces every tag here: the integration must never do this.
            with self.lock:
                self.tags[cid] = list(body["tags"])
        for item in body.get("customFields", []):
            if "field_value" not in item or not ("id" in item or "key" in item):
                self._record(request, 422, body)
                return self._unprocessable(["customFields items need id|key and field_value"])
            with self.lock:
                self.fields[cid][item.get("id") or item["key"]] = item["field_value"]
        self._record(request, 200, body)
        return JSONResponse({"succeded": True, "contact": {"id": cid}})

    async def tags_route(self, request: Request) -> JSONResponse:
        refused, body = await self._gate(request)
        if refused:
            return refused
        if not isinstance(body.get("tags"), list):
            self._record(request, 422, body)
            return self._unprocessable(["tags must be an array"])
        cid = request.path_params["cid"]
        with self.lock:
            if request.method == "POST":
                self.tags[cid] += [tag for tag in body["tags"] if tag not in self.tags[cid]]
            else:
                self.tags[cid] = [tag for tag in self.tags[cid] if tag not in body["tags"]]
        self._record(request, 201, body)
        return JSONResponse({"tags": self.tags[cid]}, status_code=201)

    async def notes_route(self, request: Request) -> JSONResponse:
        refused, body = await self._gate(request)
        if refused:
            return refused
        cid = request.path_params["cid"]
        if request.method == "GET":
            self._record(request, 200, None)
            return JSONResponse({"notes": self.notes[cid]})
        if not isinstance(body.get("body"), str):
            self._record(request, 422, body)
            return self._unprocessable(["body must be a string"])
        note = {"id": secrets.token_hex(6), "body": body["body"]}
        with self.lock:
            self.notes[cid].append(note)
        self._record(request, 201, body)
        return JSONResponse({"note": note}, status_code=201)

    async def tasks_route(self, request: Request) -> JSONResponse:
        refused, body = await self._gate(request)
        if refused:
            return refused
        cid = request.path_params["cid"]
        if request.method == "GET":
            self._record(request, 200, None)
            return JSONResponse({"tasks": self.tasks[cid]})
        missing = [name for name in ("title", "dueDate", "completed") if name not in body]
        if missing:
            self._record(request, 422, body)
            return self._unprocessable([f"{name} is required" for name in missing])
        task = {"id": secrets.token_hex(6), **body}
        with self.lock:
            self.tasks[cid].append(task)
        self._record(request, 201, body)
        return JSONResponse({"task": task}, status_code=201)

    async def custom_fields_route(self, request: Request) -> JSONResponse:
        refused, body = await self._gate(request)
        if refused:
            return refused
        lid = request.path_params["lid"]
        if request.method == "GET":
            self._record(request, 200, None)
            return JSONResponse({"customFields": self.custom_fields[lid]})
        created = {"id": f"cf_{secrets.token_hex(4)}", "name": body["name"], "fieldKey": body["fieldKey"]}
        with self.lock:
            self.custom_fields[lid].append(created)
        self._record(request, 201, body)
        return JSONResponse({"customField": created}, status_code=201)

    # Running ---------------------------------------------------------------------------------------------

    def start(self) -> FakeGhl:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        config = uvicorn.Config(self.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake GHL did not start")
            time.sleep(0.01)
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.script.clear()
            self.always = None
            for store in (self.tags, self.notes, self.tasks, self.fields, self.custom_fields):
                store.clear()
