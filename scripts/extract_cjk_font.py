"""Make the Chinese fonts the PDF reports embed: static/fonts/NotoSansCJKsc-{Regular,Bold}.otf.

生成 PDF 报告所用的中文字体（思源黑体的 Noto 版本，简体中文字形）的子集。

Where the files come from
-------------------------
* Source: the Debian package ``fonts-noto-cjk``, version ``1:20220127+repack1-1``
  (``dpkg-query -W fonts-noto-cjk``), files
  ``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc`` and ``NotoSansCJK-Bold.ttc``
  (font version 2.004, name table "Version 2.004;hotconv 1.0.118;makeotfexe 2.5.65603").
* Upstream: Noto CJK (Noto Sans CJK) by Google and Adobe, https://github.com/notofonts/noto-cjk
  (the same design as Adobe's Source Han Sans). Copyright © 2014-2021 Adobe (http://www.adobe.com/).
  "Noto" is a trademark of Google Inc.
* Licence: SIL Open Font License, Version 1.1. The script writes the licence beside the fonts as
  ``OFL.txt``, taken from the package's ``/usr/share/doc/fonts-noto-cjk/copyright`` (which is the
  upstream LICENSE) with the copyright line from the fonts' own name table.

What it does
------------
Each ``.ttc`` holds ten faces sharing one set of outlines (JP first, then KR, SC, TC, HK and the Mono
ones); the face whose name table says family "Noto Sans CJK SC" is the one whose cmap and 'locl'
rules give the Simplified Chinese (GB) glyph shapes. That face is extracted and subset to:

* the 20,902 CJK Unified Ideographs of the basic block U+4E00-U+9FA5 (the GBK-era set);
* CJK Symbols and Punctuation U+3000-U+303F, Halfwidth and Fullwidth Forms U+FF00-U+FFEF,
  General Punctuation U+2000-U+206F, Basic Latin and Latin-1 U+0020-U+00FF;
* symbols used in the interface and the reports: see ``EXTRA_SYMBOLS`` (①-⑳, arrows, geometric
  shapes, ≥ ≤ ‰ № ℃ Ⅰ-Ⅻ, ...).

Layout: fontTools' default features plus 'locl', 'kern', 'palt'; the vertical-writing features and
tables (vert, vrt2, vkrn, vpal, vhal, valt, vhea, vmtx, VORG) are dropped, since the reports are set
horizontally. Language systems other than Simplified Chinese (JAN, KOR, ZHT, ZHH) are removed before
subsetting, so the Japanese/Korean/Traditional 'locl' variants do not pull in thousands of glyphs.
CFF hinting is removed (smaller; PDF viewers rasterise fine without it). Output is a plain
CFF-flavoured OpenType file (.otf, not a collection, not WOFF); family "Noto Sans CJK SC",
subfamily Regular / Bold, PostScript names NotoSansCJKsc-Regular / NotoSansCJKsc-Bold. The output
is deterministic (head.modified is kept from the source), so re-running gives identical files.

How to re-run
-------------
On a Debian/Ubuntu machine, from the repository root::

    apt-get install fonts-noto-cjk        # if /usr/share/fonts/opentype/noto/ is missing
    .venv/bin/python scripts/extract_cjk_font.py

Options: ``--source-dir DIR`` (where the .ttc files are; default /usr/share/fonts/opentype/noto)
and ``--out-dir DIR`` (default static/fonts next to this script's parent). fontTools is already in
.venv as a WeasyPrint dependency. Takes about a minute.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
DEFAULT_OUT_DIR = REPO_ROOT / "static" / "fonts"
PACKAGE = "fonts-noto-cjk"
PACKAGE_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")

FAMILY = "Noto Sans CJK SC"
# (source collection, subfamily in the name table, output file)
STYLES = [
    ("NotoSansCJK-Regular.ttc", "Regular", "NotoSansCJKsc-Regular.otf"),
    ("NotoSansCJK-Bold.ttc", "Bold", "NotoSansCJKsc-Bold.otf"),
]

UNICODE_RANGES = [
    (0x4E00, 0x9FA5),  # CJK Unified Ideographs, the 20,902 of GBK
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    (0x2000, 0x206F),  # General Punctuation
    (0x0020, 0x00FF),  # Basic Latin and Latin-1 Supplement
    (0x2460, 0x2473),  # ① - ⑳
    (0x2190, 0x21FF),  # Arrows
    (0x25A0, 0x25FF),  # Geometric Shapes
    (0x2160, 0x216B),  # Ⅰ - Ⅻ
    (0x2170, 0x217B),  # ⅰ - ⅻ
    (0x3220, 0x3229),  # ㈠ - ㈩
]
EXTRA_SYMBOLS = "·×÷±–—…≥≤≠≈%‰№℃−∶√∞★☆✓・"

# Vertical-writing features: not used (reports are horizontal), and they pull in rotated glyphs.
VERTICAL_FEATURES = {"vert", "vrt2", "vkrn", "vpal", "vhal", "valt", "vkna", "vchw", "vjmo"}
KEEP_LANGSYS = {"ZHS "}  # Simplified Chinese; the default language system of each script is kept too


def wanted_codepoints() -> set[int]:
    cps = {cp for lo, hi in UNICODE_RANGES for cp in range(lo, hi + 1)}
    cps.update(ord(ch) for ch in EXTRA_SYMBOLS)
    return cps


def find_face(ttc_path: Path, family: str, subfamily: str) -> int:
    """Index of the face in the collection whose name table says family / subfamily."""
    collection = TTCollection(str(ttc_path), lazy=True)
    found = []
    for index, face in enumerate(collection.fonts):
        name = face["name"]
        fam = name.getDebugName(16) or name.getDebugName(1)
        sub = name.getDebugName(17) or name.getDebugName(2)
        found.append(f"{index}: {fam} / {sub}")
        if fam == family and sub == subfamily:
            return index
    raise SystemExit(f"{ttc_path}: no face {family!r} / {subfamily!r}; faces are:\n  " + "\n  ".join(found))


def keep_only_chinese_langsys(font: TTFont) -> None:
    """Drop the JAN/KOR/ZHT/ZHH language systems, whose 'locl' would map to non-GB glyph shapes."""
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        script_list = font[tag].table.ScriptList
        for record in script_list.ScriptRecord:
            script = record.Script
            script.LangSysRecord = [r for r in script.LangSysRecord if r.LangSysTag in KEEP_LANGSYS]
            script.LangSysCount = len(script.LangSysRecord)


def rename_cff(font: TTFont) -> None:
    """The collection's faces share one CFF table named for the JP face; name it for the SC face."""
    name = font["name"]
    ps_name = name.getDebugName(6)  # e.g. NotoSansCJKsc-Regular
    cff = font["CFF "].cff
    old_name = cff.fontNames[0]
    cff.fontNames = [ps_name]
    top = cff.topDictIndex[0]
    top.FamilyName = name.getDebugName(1)
    top.FullName = name.getDebugName(4)
    for fd in getattr(top, "FDArray", []) or []:
        if getattr(fd, "FontName", None):
            fd.FontName = fd.FontName.replace(old_name, ps_name)


def subset_options() -> subset.Options:
    options = subset.Options()
    features = set(options.layout_features) | {"locl", "kern", "palt"}
    options.layout_features = sorted(features - VERTICAL_FEATURES)
    options.drop_tables = list(options.drop_tables) + ["vhea", "vmtx", "VORG"]
    options.hinting = False
    options.desubroutinize = False
    options.name_IDs = ["*"]  # keep copyright, licence, trademark, vendor, designer ...
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.glyph_names = False
    return options


def make_font(source: Path, subfamily: str, out_path: Path) -> TTFont:
    index = find_face(source, FAMILY, subfamily)
    font = TTFont(str(source), fontNumber=index, recalcTimestamp=False)
    keep_only_chinese_langsys(font)
    subsetter = subset.Subsetter(subset_options())
    subsetter.populate(unicodes=sorted(wanted_codepoints()))
    subsetter.subset(font)
    rename_cff(font)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = None
    font.save(str(out_path), reorderTables=True)
    print(f"{out_path}: face {index} of {source.name}, {len(font.getGlyphOrder())} glyphs, {out_path.stat().st_size:,} bytes")
    return font


def package_version() -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", PACKAGE], capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_licence(font: TTFont, out_dir: Path, version: str) -> None:
    """OFL.txt: the fonts' copyright line, then the OFL 1.1 text from the Debian copyright file."""
    copyright_line = font["name"].getDebugName(0).replace("©", "Copyright")
    text = PACKAGE_COPYRIGHT.read_text(encoding="utf-8")
    match = re.search(r"^License: SIL-1\.1\n((?: .*\n?)+)", text, flags=re.MULTILINE)
    if not match:
        raise SystemExit(f"{PACKAGE_COPYRIGHT}: no 'License: SIL-1.1' stanza")
    body = "\n".join("" if line == " ." else line[1:] for line in match.group(1).rstrip("\n").split("\n"))
    header = (
        f"{copyright_line}\n"
        "Noto is a trademark of Google Inc.\n"
        "\n"
        "Noto Sans CJK SC (NotoSansCJKsc-Regular.otf, NotoSansCJKsc-Bold.otf) in this directory is a\n"
        "Modified Version (a subset) of Noto Sans CJK 2.004 as shipped by the Debian package\n"
        f"{PACKAGE} {version}, made by scripts/extract_cjk_font.py.\n"
        "\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at:\n"
        "https://openfontlicense.org\n"
        "\n"
        "\n"
    )
    (out_dir / "OFL.txt").write_text(header + body + "\n", encoding="utf-8")
    print(f"{out_dir / 'OFL.txt'}: licence from {PACKAGE_COPYRIGHT}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--source-dir", type=Path, default=DEFAULT_SOURCE_DIR, help=f"where the .ttc files are ({DEFAULT_SOURCE_DIR})"
    )
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR, help=f"where to write the outputs ({DEFAULT_OUT_DIR})")
    args = parser.parse_args(argv)

    version = package_version()
    print(f"source: {args.source_dir} ({PACKAGE} {version})")
    font = None
    for ttc_name, subfamily, out_name in STYLES:
        source = args.source_dir / ttc_name
        if not source.is_file():
            raise SystemExit(f"{source} not found: apt-get install {PACKAGE}, or pass --source-dir")
        font = make_font(source, subfamily, args.out_dir / out_name)
    if PACKAGE_COPYRIGHT.is_file():
        write_licence(font, args.out_dir, version)
    else:
        print(f"{PACKAGE_COPYRIGHT} not found: OFL.txt left as it is", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
