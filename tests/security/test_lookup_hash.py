"""Keyed hashes of email and phone: one person's differently written details meet; without the key,
nothing can be matched."""

from __future__ import annotations

import hashlib

from ghl_real_estate_ai.security.lookup_hash import LookupHasher


class TestLookupHasher:
    def test_the_same_email_or_phone_written_differently_gives_one_hash(self) -> None:
        hasher = LookupHasher(b"k" * 32)
        assert hasher.email(" Jane.Doe@Example.COM ") == hasher.email("jane.doe@example.com")
        same_phone = {hasher.phone(p) for p in ("+1 (512) 555-0143", "512.555.0143", "15125550143")}
        assert len(same_phone) == 1 and None not in same_phone

    def test_different_details_or_keys_give_different_hashes(self) -> None:
        hasher, other = LookupHasher(b"k" * 32), LookupHasher(b"j" * 32)
        assert hasher.email("jane@example.com") != hasher.email("john@example.com")
        assert hasher.phone("512 555 0143") != hasher.phone("512 555 0144")
        assert hasher.email("jane@example.com") != other.email("jane@example.com")
        assert hasher.email("jane@example.com") != hashlib.sha256(b"jane@example.com").hexdigest()

    def test_what_is_not_an_email_or_a_phone_gets_no_hash(self) -> None:
        hasher = LookupHasher(b"k" * 32)
        assert hasher.email("not an email") is None and hasher.email(None) is None
        assert hasher.phone("call me") is None and hasher.phone("12") is None
