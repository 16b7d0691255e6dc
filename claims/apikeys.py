"""API keys: issued (shown once), checked by their hash, revoked; and the per-key rate limit."""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import connection
from django.utils import timezone

from claims.models import ApiKey, ApiRate

PREFIX_LENGTH = 8
LAST_USED_EVERY = datetime.timedelta(minutes=1)  # last_used_at is written at most this often


def digest(secret: str) -> str:
    # The key is 32 random bytes: a fast hash is as safe as a slow one here.
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token(key: ApiKey) -> str:
    """Give an unsaved key its prefix and hash; returns the key itself, `fc_<prefix>_<secret>`, to show once."""
    secret = secrets.token_urlsafe(32)
    key.prefix, key.hashed = secrets.token_hex(PREFIX_LENGTH // 2), digest(secret)
    return f"fc_{key.prefix}_{secret}"


def issue(user, name: str) -> tuple[ApiKey, str]:
    key = ApiKey(user=user, name=name)
    token = new_token(key)
    key.save()
    return key, token


def authenticate(token: str) -> ApiKey | None:
    """The active key `token` is, with its user, or None."""
    parts = (token or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "fc":
        return None
    key = ApiKey.objects.select_related("user").filter(prefix=parts[1], revoked_at__isnull=True).first()
    if key is None or not hmac.compare_digest(key.hashed, digest(parts[2])) or not key.user.is_active:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


def over_limit(key: ApiKey) -> bool:
    """Count this request against the key's minute; True when it is one too many."""
    minute = timezone.now().replace(second=0, microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ApiRate._meta.db_table} (key_id, minute, count) VALUES (%s, %s, 1)"  # noqa: S608
            " ON CONFLICT (key_id, minute) DO UPDATE SET count = excluded.count + "
            f"{ApiRate._meta.db_table}.count RETURNING count",
            [key.pk, minute],
        )
        count = cursor.fetchone()[0]
    return count > settings.API_REQUESTS_PER_MINUTE
