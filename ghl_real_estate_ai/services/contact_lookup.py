"""Finding a location's contacts by email or phone, for export or erasure requests that name a person by
those (a data-subject request rarely knows our contact id). Compared as keyed hashes: see
security/lookup_hash.py. Each look-up is audited with its count; the email or phone is not recorded.
"""

from __future__ import annotations

from ghl_real_estate_ai.domain.privacy import ContactLookup, ContactMatches
from ghl_real_estate_ai.security.lookup_hash import LookupHasher
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage import audit_chain
from ghl_real_estate_ai.storage.contact_data_repository import contacts_matching


class ContactFinder:
    def __init__(self, hasher: LookupHasher) -> None:
        self.hasher = hasher

    async def find(self, scope: TenantScope, lookup: ContactLookup, actor: str) -> ContactMatches:
        email_hash, phone_hash = self.hasher.email(lookup.email), self.hasher.phone(lookup.phone)
        found = await contacts_matching(scope.session, scope.location_id, email_hash, phone_hash)
        await audit_chain.append(
            scope.session,
            "contact.lookup",
            actor,
            scope.location_id,
            details={
                "by": [name for name, value in (("email", email_hash), ("phone", phone_hash)) if value],
                "matches": len(found),
            },
        )
        return ContactMatches(contact_ids=found)
