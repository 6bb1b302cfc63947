"""Render the application icon's bitmaps from its SVG, and copy the SVG into the package data.

    .venv/bin/python tools/render_icons.py

The source is resources/io.flowedit.FlowEdit.svg; everything below is made from it and committed, so
neither a build nor an install needs Qt's SVG support at that point:

    resources/icons/hicolor/NxN/apps/io.flowedit.FlowEdit.png   freedesktop hicolor sizes (make install-desktop)
    resources/io.flowedit.FlowEdit.ico                           Windows: the .exe's icon (packaging/flowedit.spec)
    resources/io.flowedit.FlowEdit.icns                          macOS: the .app's icon (packaging/flowedit.spec)
    flowedit/resources/icons/io.flowedit.FlowEdit.svg            the window icon at run time (flowedit.gui.assets)

Rendering is QSvgRenderer's (PySide6-Essentials has QtSvg) onto a transparent QImage. The .ico and
.icns containers are written here: both are a short header and a table of PNG images, which Windows
(Vista and later) and macOS (10.7 and later) read, and which Qt's ico and icns plugins read back in the
tests. Run it again after editing the SVG; tests/packaging/test_icons.py fails while the files are stale.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.flowedit.FlowEdit"
SVG = ROOT / "resources" / f"{APP_ID}.svg"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry can say
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}


def hicolor_png(size: int, root: Path = ROOT) -> Path:
    return root / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render_png(size: int, svg: Path = SVG) -> bytes:
    """The SVG drawn at `size`×`size` pixels on transparency, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit(f"render_icons: cannot encode the {size} px image")
    buffer.close()
    return bytes(data)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico file of PNG-compressed entries (ICONDIR, ICONDIRENTRY per image, then the images)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(images))
        images += data
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .icns file: 'icns' and the total length, then (type, length, PNG) per size."""
    body = b"".join(ICNS_TYPES[size] + struct.pack(">I", 8 + len(data)) + data
                    for size, data in sorted(pngs.items()))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def outputs(root: Path = ROOT) -> dict[Path, bytes]:
    """Every generated file and its contents."""
    svg = root / "resources" / f"{APP_ID}.svg"
    rendered = {size: render_png(size, svg) for size in sorted(set(HICOLOR_SIZES) | set(ICNS_TYPES))}
    files = {hicolor_png(size, root): rendered[size] for size in HICOLOR_SIZES}
    files[root / "resources" / f"{APP_ID}.ico"] = ico_bytes({s: rendered[s] for s in ICO_SIZES})
    files[root / "resources" / f"{APP_ID}.icns"] = icns_bytes({s: rendered[s] for s in ICNS_TYPES})
    files[root / "flowedit" / "resources" / "icons" / f"{APP_ID}.svg"] = svg.read_bytes()
    return files


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # QtGui's painting needs an application
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - kept alive
    for path, data in outputs().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".svg":
            shutil.copyfile(SVG, path)
        else:
            path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
