"""Attachment content on disk under the data directory, stored once per SHA-256."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from fyr.core import rows
from fyr.tickets.models import Attachment, StoredFile

log = logging.getLogger(__name__)

#: File types never accepted from an upload form: they run when opened on Windows or in a browser.
BLOCKED_EXTENSIONS = {
    ".bat",
    ".cmd",
    ".com",
    ".cpl",
    ".exe",
    ".hta",
    ".jar",
    ".js",
    ".jse",
    ".lnk",
    ".msi",
    ".msp",
    ".ps1",
    ".scr",
    ".vb",
    ".vbe",
    ".vbs",
    ".wsf",
    ".html",
    ".htm",
    ".svg",
}


#: Image types safe to show inline (in the timeline); anything else is only downloaded.
INLINE_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


def root() -> Path:
    return Path(settings.ATTACHMENT_ROOT)


def path_of(stored: StoredFile) -> Path:
    return root() / stored.relative_path


def check_upload(filename: str, size: int) -> None:
    """Refuse an uploaded file that is too large or of a dangerous type, saying why."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("%(name)s is larger than the limit of %(mb)s MB")
            % {"name": filename, "mb": round(limit / 1024 / 1024, 1)}
        )
    if Path(filename.lower()).suffix in BLOCKED_EXTENSIONS:
        raise ValidationError(
            _("Files of type %(ext)s cannot be attached") % {"ext": Path(filename).suffix}
        )


def store(data: bytes) -> StoredFile:
    """Write ``data`` once (atomically) and return its row; identical content is shared."""
    digest = hashlib.sha256(data).hexdigest()
    # Hand-written reads and writes (``fyr.core.rows``): every attachment and kept mail comes here.
    found = rows.scalar(
        f"SELECT id FROM {rows.table(StoredFile)} WHERE sha256 = %s LIMIT 1", [digest]
    )
    existing = rows.get(StoredFile, found) if found is not None else None
    if existing is not None and path_of(existing).exists():
        return existing
    target = root() / f"{digest[:2]}/{digest[2:4]}/{digest}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return rows.insert(StoredFile(sha256=digest, size=len(data)))
    except IntegrityError:
        return StoredFile.objects.get(sha256=digest)


def file_response(attachment: Attachment, *, inline: bool = False) -> FileResponse:
    """Stream an attachment the caller may see. Only whitelisted images are shown inline; the
    rest is a download the browser never renders (nosniff, a sandboxing CSP, not cached)."""
    path = path_of(attachment.file)
    if not path.is_file():
        log.error("content of attachment %s is missing on disk", attachment.pk)
        raise Http404(_("The file is missing from storage"))
    shown = inline and attachment.content_type in INLINE_IMAGE_TYPES
    response = FileResponse(
        path.open("rb"),
        as_attachment=not shown,
        filename=attachment.filename,
        content_type=attachment.content_type if shown else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def read(stored: StoredFile) -> bytes:
    return path_of(stored).read_bytes()
