"""Downloads: every file the product sends goes out through one of these two, with one kind of name."""

from django.http import FileResponse, HttpResponse

from assessment.filenames import content_disposition


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A download of ``content``. ``filename`` may hold what users typed (a centre's name): it is made safe
    and sent as an ASCII name plus the real one per RFC 5987 (``filename*=utf-8''…``)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def file_attachment(file, filename: str, content_type: str) -> FileResponse:
    """A download streamed from an open ``file``, named as :func:`attachment` names its downloads."""
    response = FileResponse(file, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response
