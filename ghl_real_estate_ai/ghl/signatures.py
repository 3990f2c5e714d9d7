"""Webhook signatures as GHL sends them: Ed25519 in `x-ghl-signature`, else RSA-SHA256 in `x-wh-signature`.

Both are base64 signatures over the raw request body. GHL's SDKs check the Ed25519 header first and
fall back to the legacy RSA header only when it is absent; so do we.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

GHL_ED25519_PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=
-----END PUBLIC KEY-----
"""

GHL_RSA_PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----
"""


class SignatureError(ValueError):
    """The body is not signed by GHL (missing, malformed or wrong signature)."""


@dataclass(frozen=True)
class WebhookVerifier:
    ed25519: Ed25519PublicKey
    rsa: RSAPublicKey

    @classmethod
    def from_pem(cls, ed25519_pem: str | None, rsa_pem: str | None) -> WebhookVerifier:
        ed_key = serialization.load_pem_public_key((ed25519_pem or GHL_ED25519_PUBLIC_KEY).encode())
        rsa_key = serialization.load_pem_public_key((rsa_pem or GHL_RSA_PUBLIC_KEY).encode())
        if not isinstance(ed_key, Ed25519PublicKey):
            raise ValueError("GHL_WEBHOOK_ED25519_PUBLIC_KEY is not an Ed25519 public key")
        if not isinstance(rsa_key, RSAPublicKey):
            raise ValueError("GHL_WEBHOOK_RSA_PUBLIC_KEY is not an RSA public key")
        return cls(ed_key, rsa_key)

    def verify(self, body: bytes, ghl_signature: str | None, wh_signature: str | None) -> str:
        """Which scheme vouched for the body ('ed25519' or 'rsa'); raises SignatureError otherwise."""
        try:
            if ghl_signature:
                self.ed25519.verify(_decode(ghl_signature), body)
                return "ed25519"
            if wh_signature:
                self.rsa.verify(_decode(wh_signature), body, padding.PKCS1v15(), hashes.SHA256())
                return "rsa"
        except InvalidSignature as error:
            raise SignatureError("Webhook signature does not match the body.") from error
        raise SignatureError("Missing webhook signature: expected 'x-ghl-signature' or 'x-wh-signature'.")


def _decode(signature: str) -> bytes:
    try:
        return base64.b64decode(signature.strip(), validate=True)
    except (binascii.Error, ValueError) as error:
        raise SignatureError("Webhook signature is not valid base64.") from error
