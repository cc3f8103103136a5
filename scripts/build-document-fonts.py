"""Builds the document fonts: GB 2312-sized subsets of Noto Serif CJK SC and Noto Sans CJK SC
(from Debian's fonts-noto-cjk), renamed "Duban Serif SC" / "Duban Sans SC", plus a fontconfig
file that adds them to the system's fonts for Chromium.

Why: Chromium re-subsets the whole font file for every PDF it prints; the 20-26 MB Noto CJK
collections cost about a second per document, a 4-5 MB subset about a quarter of that.
Characters outside GB 2312 still render, from the full Noto faces next in the CSS font stack.
The fonts are licensed under the SIL Open Font License 1.1; the subsets carry new names as it
asks of modified versions, and are built on this machine, never committed or distributed.

Usage: python3 scripts/build-document-fonts.py OUTPUT_DIR
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont, TTCollection

SOURCES = [
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "Duban Serif SC", "DubanSerifSC-Regular.otf"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "Duban Sans SC", "DubanSansSC-Regular.otf"),
]


# Beyond GB 2312: Latin-1, general punctuation (the — of "— 1 —" is U+2014, which GB 2312's
# A1AA does not decode to), number forms, circled numbers, CJK symbols, full-width forms. A
# glyph missing here would pull the full Noto face into every document that uses it.
EXTRA_RANGES = [(0x20, 0x7F), (0xA0, 0x100), (0x2000, 0x2070), (0x2150, 0x2190), (0x2460, 0x2500), (0x3000, 0x3040), (0xFF00, 0xFFF0)]


def gb2312_text():
    chars = {chr(c) for lo, hi in EXTRA_RANGES for c in range(lo, hi)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(sorted(chars))


def face_index(path, family):
    for i, font in enumerate(TTCollection(path).fonts):
        if font["name"].getDebugName(1) == family:
            return i
    raise SystemExit(f"{family} not found in {path}")


def build(src, family, new_family, out):
    font = TTFont(src, fontNumber=face_index(src, family), lazy=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=gb2312_text())
    subsetter.subset(font)
    for rec in font["name"].names:
        if rec.nameID in (1, 4, 16):
            rec.string = new_family
        elif rec.nameID == 6:
            rec.string = new_family.replace(" ", "") + "-Regular"
        elif rec.nameID in (2, 17):
            rec.string = "Regular"
    font.save(out)


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for src, family, new_family, name in SOURCES:
        target = os.path.join(out_dir, name)
        if not os.path.exists(target):
            print(f"  {new_family} from {os.path.basename(src)}", flush=True)
            build(src, family, new_family, target + ".tmp")
            os.replace(target + ".tmp", target)
    conf = os.path.join(out_dir, "fonts.conf")
    with open(conf + ".tmp", "w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
            f"  <dir>{out_dir}</dir>\n  <cachedir>{os.path.join(out_dir, 'cache')}</cachedir>\n</fontconfig>\n"
        )
    os.replace(conf + ".tmp", conf)


if __name__ == "__main__":
    main()
