"""Shared helpers: read a conversation's prospect messages into preference slots."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ghl_real_estate_ai.domain.taxonomy import Language
from ghl_real_estate_ai.intelligence.local.preferences import PreferenceExtractor
from tests.intelligence.local.preferences.support import Reader

REFERENCE = date(2026, 3, 10)


@pytest.fixture(scope="session")
def extractor() -> PreferenceExtractor:
    return PreferenceExtractor()


@pytest.fixture(scope="session")
def read(extractor: PreferenceExtractor) -> Reader:
    """read("msg", ..., language=..., reference=...) -> the stated slots, as labeled data writes them."""

    def _read(*texts: str, language: Language = Language.EN, reference: date = REFERENCE) -> dict[str, Any]:
        return extractor.extract(list(texts), reference, language).stated_slots()

    return _read


@pytest.fixture(scope="session")
def read_es(read: Reader) -> Reader:
    def _read_es(*texts: str, reference: date = REFERENCE) -> dict[str, Any]:
        return read(*texts, language=Language.ES, reference=reference)

    return _read_es
