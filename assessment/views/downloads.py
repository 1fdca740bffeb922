from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A download; Django encodes a Chinese file name per RFC 5987 (``filename*=utf-8''…``)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
