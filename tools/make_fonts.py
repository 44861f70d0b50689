"""Make the bundled web fonts: DejaVu Sans (shipped with matplotlib, full Vietnamese coverage),
cut down to Latin + Vietnamese + common punctuation and saved as WOFF, so the sites need no font
from the internet. Run once when changing the character set:

    python tools/make_fonts.py
"""
from pathlib import Path

import matplotlib
from fontTools import subset

FONTS = {"DejaVuSans.ttf": "dejavu-sans.woff", "DejaVuSans-Bold.ttf": "dejavu-sans-bold.woff"}
UNICODES = ("U+0020-007E,U+00A0-00FF,U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,"
            "U+01AF-01B0,U+0300-0303,U+0309,U+0323,U+1EA0-1EF9,U+2000-206F,U+20AB,U+20AC,U+2190-2193,"
            "U+2212,U+2264,U+2265,U+2713,U+2715")


def main() -> None:
    source = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    target = Path(__file__).resolve().parent.parent / "templates" / "assets" / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    for name, out in FONTS.items():
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = ["*"]
        font = subset.load_font(str(source / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        subset.save_font(font, str(target / out), options)
        print(out, (target / out).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
