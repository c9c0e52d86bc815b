"""``cocreate export --pdf``: the same offline HTML printed to A4 by headless Chromium.

The browser tests read the PDF back with pypdf (a test dependency only): it starts with
``%PDF``, has A4 pages, the expected number of them, the title and headline cards on page 1,
figures kept whole (the print stylesheet's ``break-inside: avoid``), method notes printed
open, link URLs printed, and the chart's table alternative and the page chrome left out.
The tests without the browser check the command line's choices and errors.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT

from cocreate_kit.export import export_notebook, find_chromium, html_to_pdf
from cocreate_kit.report import page

A4_POINTS = (595, 842)


def _pdf(path: Path) -> list[str]:
    """The text of each page; fails unless the file is an A4 PDF."""
    from pypdf import PdfReader

    data = path.read_bytes()
    assert data.startswith(b"%PDF-"), data[:20]
    reader = PdfReader(path)
    for sheet in reader.pages:
        box = sheet.mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    return [" ".join(sheet.extract_text().split()) for sheet in reader.pages]


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cocreate_kit.cli", "export", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


# A figure taller than what is left of page 1 under the headline, but shorter than a page:
# kept whole it starts page 2; split, it would fill the rest of page 1.
_FIGURE = (
    '<figure class="ck-figure"><figcaption><span class="ck-figure-title">{name}</span>'
    '</figcaption><div class="ck-chart"><svg role="img" aria-label="{name}" '
    'xmlns="http://www.w3.org/2000/svg" width="600" height="760" viewBox="0 0 600 760">'
    '<rect width="600" height="760" fill="#ddd"/><text x="20" y="740">{name} END</text></svg>'
    "</div><details><summary>Show the data as a table</summary><p>TABLEALTERNATIVE</p>"
    "</details></figure>"
)


def _briefing_notebook(folder: Path) -> Path:
    v4 = nbformat.v4
    nb = v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "cocreate": {"title": "Print test"},
        }
    )
    params = v4.new_code_cell('title = "Reminder letters"')
    params.metadata["tags"] = ["parameters"]
    heading = v4.new_markdown_cell("# NOTEBOOKHEADING\n\nInstructions for the design team.")
    heading.metadata["tags"] = ["ck-notebook-only"]
    figures = "".join(_FIGURE.format(name=f"FIGURE{i}") for i in (1, 2))
    nb.cells = [
        v4.new_code_cell(
            "from IPython.display import HTML, display\n"
            "from cocreate_kit._brief import Card, brief_html"
        ),
        params,
        heading,
        v4.new_code_cell(
            "cards = [Card('Completed on time', '71%', 'More people finish the form.', "
            "interval='95% CI 64% to 77%', n='n = 240', tone='good'), "
            "Card('Calls to the helpdesk', '-18%', 'Fewer calls.', n='n = 12 weeks')]\n"
            "method = ('<p>METHODNOTE: Wilson intervals. Source: '\n"
            "          '<a href=\"https://example.org/method\">the method</a>.</p>')\n"
            f"display(HTML(brief_html(title, 'A test of two letters.', cards, {figures!r}, "
            "method=method, synthetic=True)))"
        ),
    ]
    path = folder / "briefing.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.browser
def test_pdf_pages_keep_the_headline_first_and_figures_whole(tmp_path: Path) -> None:
    nb = _briefing_notebook(tmp_path)
    done = _cli(str(nb), "--pdf")  # no -o: the notebook's name with .pdf
    assert done.returncode == 0, done.stderr
    assert "briefing.pdf" in done.stdout and "Traceback" not in done.stderr
    pages = _pdf(tmp_path / "briefing.pdf")
    # page 1: the briefing head and both cards; each 760 px figure does not fit under
    # them, so it moves whole to the next page instead of being cut in two
    assert len(pages) == 3, pages
    first = pages[0]
    assert first.count("Reminder letters") == 1  # one title: no header-strip copy
    for text in ("A test of two letters.", "71%", "95% CI 64% to 77%", "n = 240", "-18%"):
        assert text in first
    assert "Synthetic example data." in first
    assert "FIGURE1" not in first
    assert "FIGURE1" in pages[1] and "FIGURE1 END" in pages[1] and "FIGURE2" not in pages[1]
    assert "FIGURE2 END" in pages[2]
    # method notes print open, with the link's URL; the table alternative and the
    # notebook-only heading do not print; nor do the skip link and footer
    assert "METHODNOTE: Wilson intervals." in pages[2]
    assert "(https://example.org/method)" in pages[2]
    text = " ".join(pages)
    for absent in ("TABLEALTERNATIVE", "NOTEBOOKHEADING", "Skip to content", "Made with"):
        assert absent not in text


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "title"), [("en", "Contacts per channel"), ("da", "Henvendelser pr. kanal")]
)
def test_cli_pdf_of_a_real_notebook_in_both_languages(tmp_path, language, title) -> None:
    nb = NOTEBOOKS / "explorer.ipynb"
    before = nb.read_bytes()
    out = export_notebook(nb, tmp_path / "explorer.html", {"language": language})
    assert nb.read_bytes() == before
    html = out.read_text(encoding="utf-8")
    pages = _pdf(html_to_pdf(html, tmp_path / "explorer.pdf"))  # what --pdf does with it
    assert 1 <= len(pages) <= 6, len(pages)  # measured: 2 pages (README, Export)
    assert title in pages[0]
    # the headline cards the app shows are on page 1
    # (compared without spaces: Danish numbers hold no-break spaces, "74,5\xa0%", which the
    # PDF's text layer may give back as a plain space)
    flat = "".join(pages[0].split())
    for value in re.findall(r'class="ck-card-value">([^<]+)<', html):
        assert "".join(value.split()) in flat, (value, pages[0][:400])


@pytest.mark.browser
def test_html_to_pdf_stops_chromium_and_leaves_no_profile(tmp_path: Path) -> None:
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("cocreate-pdf-*"))
    out = html_to_pdf(page("Tiny", "<p>HELLO PDF</p>"), tmp_path / "x.pdf")
    assert _pdf(out) == ["cocreate-kit Tiny HELLO PDF"]
    assert set(Path(tempfile.gettempdir()).glob("cocreate-pdf-*")) == before
    running = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(tmp_path / "x.pdf") not in running and "cocreate-pdf-" not in running


def test_pdf_needs_a_pdf_name(tmp_path: Path) -> None:
    done = _cli(str(NOTEBOOKS / "explorer.ipynb"), "--pdf", "-o", str(tmp_path / "r.html"))
    assert done.returncode == 2
    assert "--pdf writes a PDF" in done.stderr and "r.html" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "r.html").exists()


def test_missing_chromium_is_one_clear_line_before_the_notebook_runs(tmp_path, monkeypatch):
    import os

    env = {**os.environ, "COCREATE_CHROMIUM": str(tmp_path / "no-such-chromium")}
    done = _cli(str(NOTEBOOKS / "explorer.ipynb"), "-o", str(tmp_path / "r.pdf"), env=env)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "COCREATE_CHROMIUM" in lines[0], done.stderr
    assert not (tmp_path / "r.pdf").exists()
    # nothing on PATH and no /usr/bin/chromium: the message says how to install it
    monkeypatch.delenv("COCREATE_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("cocreate_kit.export.CHROMIUM_CANDIDATES", ("chromium",))
    with pytest.raises(ValueError, match="apt-get install chromium"):
        find_chromium()


def test_cocreate_chromium_is_used(tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("COCREATE_CHROMIUM", str(fake))
    assert find_chromium() == str(fake)
    # a "browser" that writes nothing: a clear error naming the file, no PDF left behind
    with pytest.raises(ValueError, match=r"did not write out\.pdf \(exit status 0"):
        html_to_pdf("<p>x</p>", tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()
