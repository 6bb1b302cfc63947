"""The application icon: the committed bitmaps are renderings of the SVG, and the running app shows it."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
render_icons = pytest.importorskip("render_icons")

APP_ID = "io.flowedit.FlowEdit"


def image_of(data: bytes):
    from PySide6.QtGui import QImage

    image = QImage.fromData(data)
    assert not image.isNull()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def mean_difference(a, b) -> float:
    """Mean absolute difference per channel (0–255) of two same-sized ARGB32 images."""
    assert a.size() == b.size()
    left, right = bytes(a.constBits()), bytes(b.constBits())
    return sum(abs(x - y) for x, y in zip(left, right, strict=True)) / len(left)


@pytest.mark.parametrize("size", render_icons.HICOLOR_SIZES)
def test_hicolor_png_is_a_current_rendering_of_the_svg(qapp, root, size):
    committed = render_icons.hicolor_png(size, root)
    assert committed.is_file(), f"{committed} is missing: run tools/render_icons.py"
    image = image_of(committed.read_bytes())
    assert (image.width(), image.height()) == (size, size)
    # Not byte-equal: another Qt may anti-alias a little differently. A stale file differs far more.
    fresh = image_of(render_icons.render_png(size))
    assert mean_difference(image, fresh) < 2.0, "stale icon: run tools/render_icons.py"
    # The rounded square leaves the corners transparent and fills the middle.
    assert image.pixelColor(0, 0).alpha() == 0 and image.pixelColor(size // 2, size // 2).alpha() == 255


def test_the_package_data_icon_is_the_resources_svg(root):
    assert (root / "flowedit" / "resources" / "icons" / f"{APP_ID}.svg").read_bytes() == \
        (root / "resources" / f"{APP_ID}.svg").read_bytes(), "run tools/render_icons.py"


@pytest.mark.parametrize(("suffix", "sizes"), [
    (".ico", render_icons.ICO_SIZES),
    (".icns", tuple(render_icons.ICNS_TYPES)),
])
def test_windows_and_macos_icons_hold_every_size(qapp, root, suffix, sizes):
    from PySide6.QtGui import QImageReader

    path = root / "resources" / f"{APP_ID}{suffix}"
    reader = QImageReader(str(path))
    assert reader.canRead(), reader.errorString()
    found = []
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        found.append((image.width(), image.height()))
    assert sorted(found) == [(s, s) for s in sorted(sizes)]


def test_ico_and_icns_headers():
    pngs = {16: b"\x89PNG-a", 256: b"\x89PNG-bb"}
    ico = render_icons.ico_bytes(pngs)
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 2)
    width, height, *_rest, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16:6 + 32])
    assert (width, height) == (0, 0)  # 0 stands for 256
    assert ico[offset:offset + length] == b"\x89PNG-bb"
    icns = render_icons.icns_bytes(pngs)
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert icns[8:12] == b"icp4" and struct.unpack(">I", icns[12:16])[0] == 8 + len(b"\x89PNG-a")


def test_the_application_shows_its_icon(qapp):
    from flowedit.gui.app import configure_application

    configure_application(qapp)
    pixmap = qapp.windowIcon().pixmap(48, 48)
    assert not pixmap.isNull()
    image = pixmap.toImage()
    assert image.pixelColor(image.width() // 2, image.height() // 2).alpha() == 255
