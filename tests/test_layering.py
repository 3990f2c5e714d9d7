"""The house rules that keep one path per message: they hold for the code as it is, and fail when a change
breaks them (a router reaching into storage, a second caller of the raw engine, a service grown too big)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import ghl_real_estate_ai

PACKAGE = Path(ghl_real_estate_ai.__file__).parent
SERVICE_FILE_MAX_LINES = 300
# The reading's one door: the analysis service and its per-request operations.
ANALYSIS_DOOR = ("services/analysis_service.py", "services/analysis/")


def _sources(under: str = "") -> list[Path]:
    return sorted((PACKAGE / under).rglob("*.py"))


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


class TestOnePathPerMessage:
    def test_only_the_analysis_service_calls_the_raw_engine(self) -> None:
        callers = [
            _relative(path)
            for path in _sources()
            if re.search(r"\.engine\.analyze", path.read_text(encoding="utf-8"))
        ]
        assert callers, "the analysis service reads through its engine"
        assert [c for c in callers if not c.startswith(ANALYSIS_DOOR)] == []

    def test_no_router_imports_storage(self) -> None:
        offenders = {
            _relative(path): sorted(m for m in _imported_modules(path) if ".storage" in m)
            for path in _sources("api/routers")
        }
        assert {path: modules for path, modules in offenders.items() if modules} == {}

    def test_no_service_file_is_over_the_size_limit(self) -> None:
        sizes = {_relative(path): len(path.read_text().splitlines()) for path in _sources("services")}
        assert {path: n for path, n in sizes.items() if n > SERVICE_FILE_MAX_LINES} == {}

    def test_settings_import_nothing_from_the_package(self) -> None:
        imported = _imported_modules(PACKAGE / "settings.py")
        assert sorted(m for m in imported if m.startswith("ghl_real_estate_ai")) == []
