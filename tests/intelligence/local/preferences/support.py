"""Types shared by the preference tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# read("msg", ..., language=..., reference=...) -> the stated slots, as labeled data writes them.
Reader = Callable[..., dict[str, Any]]
