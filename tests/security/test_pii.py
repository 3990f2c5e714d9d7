"""PII rules: the spec's field rules, and scrubbing of identifiers typed into free text."""

from __future__ import annotations

from ghl_real_estate_ai.security.pii import hash_email, sanitize_for_claude, scrub_text


class TestSanitizeForClaude:
    def test_the_most_sensitive_fields_are_dropped(self) -> None:
        lead = {
            "ssn": "123-45-6789",
            "credit_score": 720,
            "bank_account": "1",
            "driver_license": "D1",
            "city": "Austin",
        }
        assert sanitize_for_claude(lead) == {"city": "Austin"}

    def test_nested_field_names_follow_the_same_rules(self) -> None:
        assert sanitize_for_claude(
            {"lead.ssn": "123456789", "lead.driver_license": "X1", "lead.city": "Waco"}
        ) == {"lead.city": "Waco"}

    def test_email_becomes_a_hash_and_phone_a_token(self) -> None:
        sanitized = sanitize_for_claude({"email": "Jo@Example.com", "phone": "(512) 555-0100"})
        assert sanitized["email_hash"] == hash_email("jo@example.com")
        assert str(sanitized["phone_token"]).startswith("tel_")
        assert "email" not in sanitized and "phone" not in sanitized

    def test_identifiers_inside_other_text_fields_are_scrubbed(self) -> None:
        assert sanitize_for_claude({"notes": "reach me at jo@example.com"}) == {
            "notes": "reach me at [EMAIL]"
        }


class TestScrubText:
    def test_emails_phones_ssns_cards_and_accounts_are_replaced(self) -> None:
        scrubbed = scrub_text(
            "jo@example.com, (512) 555-0100, +1 512.555.0199, 123-45-6789, 4111-1111-1111-1111, "
            "acct 000123456789"
        )
        assert scrubbed.text == "[EMAIL], [PHONE], [PHONE], [SSN], [CARD], acct [ACCOUNT]"
        assert scrubbed.found

    def test_prices_bedrooms_and_years_are_kept(self) -> None:
        text = "Budget 450000, 3 beds, moving in 2027, $1,200 a month"
        assert scrub_text(text).text == text
        assert not scrub_text(text).found
