"""File names made from what users typed: a centre may be called "../../x" or carry control characters.

Every download and every entry of a report bundle gets its name from :func:`safe_filename`; downloads
send it with :func:`content_disposition`. Chinese stays as it is: county staff read these names.
"""

import re
import unicodedata
from urllib.parse import quote

# Linux and macOS allow 255 bytes per name; a bundle entry adds the province folder and unzip tools the
# target folder, so stay well below. 180 bytes are 60 Chinese characters, longer than any real name here.
MAX_BYTES = 180
# Characters Windows refuses in a name, and the two path separators.
RESERVED = set('<>:"/\\|?*')
# Names Windows keeps for devices, whatever the extension ("NUL.pdf" cannot be saved either).
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)}
# An extension is short ASCII after the last dot: ".pdf", ".xlsx", ".csv", ".json".
EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}$")
FALLBACK_STEM = "download"


def safe_filename(name: str, *, max_bytes: int = MAX_BYTES) -> str:
    """``name`` as a single path component that is safe on every system and in every ZIP tool.

    Path separators, Windows-reserved and control characters (bidirectional overrides included) become
    "_", runs of dots become one dot, leading dots and spaces and trailing dots and spaces go, a Windows
    device name gets a leading "_", and the name is cut to ``max_bytes`` of UTF-8 at a character boundary,
    keeping its extension. An empty result is "download" (with the extension, if there was one).
    """
    name = unicodedata.normalize("NFC", name)
    name = "".join("_" if ch in RESERVED or unicodedata.category(ch).startswith("C") else ch for ch in name)
    name = re.sub(r"\s+", " ", name)
    match = EXTENSION.search(name)
    extension = match.group() if match else ""  # ".pdf" alone is an extension without a name
    stem = re.sub(r"\.{2,}", ".", name[: len(name) - len(extension)]).strip(" ._")
    stem = _cut(stem, max_bytes - len(extension)).rstrip(" .") or FALLBACK_STEM
    if stem.split(".")[0].upper() in WINDOWS_DEVICES:
        stem = "_" + stem
    return stem + extension


def _cut(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def ascii_filename(name: str) -> str:
    """The ASCII stand-in for old clients that do not read ``filename*``: "download-2026.pdf" for
    "甘肃2026年度汇总报告.pdf". Only letters and digits joined by "-" are kept, so it needs no quoting."""
    name = safe_filename(name)
    match = EXTENSION.search(name)
    extension = match.group() if match else ""
    stem = name[: len(name) - len(extension)]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = re.sub(r"[^A-Za-z0-9]+", "-", ascii_stem).strip("-")
    if not re.search(r"[A-Za-z]", ascii_stem):
        ascii_stem = FALLBACK_STEM + (f"-{ascii_stem}" if ascii_stem else "")
    return ascii_stem + extension


def content_disposition(name: str) -> str:
    """The Content-Disposition of a download named ``name``: an ASCII ``filename`` for old clients and,
    when the name is not plain ASCII, the real one as ``filename*=utf-8''…`` (RFC 6266 and 5987; the charset
    is lower-case as Django writes it, the RFC reads it either way)."""
    safe = safe_filename(name)
    fallback = ascii_filename(safe)
    if safe == fallback:
        return f'attachment; filename="{fallback}"'
    return f"attachment; filename=\"{fallback}\"; filename*=utf-8''{quote(safe, safe='')}"


def archive_path(*parts: str) -> str:
    """A relative path inside a ZIP from names users typed: each part made safe, joined with "/"."""
    return "/".join(safe_filename(part) for part in parts)
