"""The README gallery shows every app at 1280 and 390 px (issue 14), from files that exist.

``scripts/gallery.py`` takes the screenshots (``make gallery``; not run here: it serves
every app). These tests check what it leaves behind: for every app in ``notebooks/`` the
README's gallery, between its markers, references each screenshot of
``gallery.SHOTS`` with alt text, each referenced file exists and is a PNG of that width,
and the section is exactly what the script writes for the current notebooks (so a new
app without screenshots fails here).
"""

from __future__ import annotations

import importlib.util
import re
import struct

from conftest import ROOT, app_notebooks


def _gallery_module():
    spec = importlib.util.spec_from_file_location("gallery", ROOT / "scripts" / "gallery.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gallery = _gallery_module()


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(gallery.START) == 1 and text.count(gallery.END) == 1
    start = text.index(gallery.START)
    return text[start : text.index(gallery.END, start) + len(gallery.END)]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_every_app_has_its_screenshots_in_the_readme() -> None:
    section = _section()
    images = dict(re.findall(r'<img src="([^"]+)" alt="([^"]+)"', section))
    for nb in app_notebooks():
        for language, width in gallery.SHOTS:
            src = f"docs/gallery/{gallery.shot_name(nb.stem, language, width)}"
            assert src in images, f"{nb.name}: {src} is not in the README gallery"
            assert gallery.app_title(nb) in images[src] and f"{width} px" in images[src]
            path = ROOT / src
            assert path.is_file(), f"{src} is missing: run `make gallery`"
            shot_width, shot_height = _png_size(path.read_bytes())
            assert shot_width == width, f"{src} is {shot_width} px wide"
            assert 200 <= shot_height <= 2400, f"{src} is {shot_height} px high"
    # Nothing else: no picture of an app that no longer exists.
    assert len(images) == len(app_notebooks()) * len(gallery.SHOTS)


def test_readme_gallery_is_what_the_script_writes() -> None:
    assert _section() == gallery.gallery_markdown(app_notebooks())


def test_update_readme_replaces_only_the_gallery(tmp_path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        f"# Title\n\nBefore.\n\n{gallery.START}\nold\n{gallery.END}\n\nAfter.\n",
        encoding="utf-8",
    )
    gallery.update_readme(app_notebooks(), readme)
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nBefore.\n\n" + gallery.START)
    assert text.endswith(gallery.END + "\n\nAfter.\n")
    assert "old" not in text and "journey_map-390.png" in text
