"""``cocreate export`` on a small notebook: parameters, static mode, outputs kept, code dropped."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import ROOT

from cocreate_kit.export import export_notebook, notebook_to_html

# A 1x1 red PNG, written by hand (independent of any plotting library).
PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="


def _write_notebook(folder: Path, *, fail: bool = False) -> Path:
    v4 = nbformat.v4
    nb = v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "cocreate": {"title": "Tiny report", "description": "A test notebook."},
        }
    )
    params = v4.new_code_cell('greeting = "hello"  # who to greet\nfactor = 2')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        v4.new_markdown_cell("# Tiny heading\n\nSome *markdown* text."),
        v4.new_code_cell(
            "import os, base64\nfrom IPython.display import HTML, SVG, Image, display"
        ),
        params,
        v4.new_code_cell(
            "SECRET_CODE_MARKER = 1\nprint(greeting, factor * 21, "
            "os.environ.get('COCREATE_STATIC'), open('local.txt').read())"
        ),
        v4.new_code_cell("display(HTML('<p class=\"from-html\">html output</p>'))"),
        v4.new_code_cell(
            'display(SVG(\'<svg xmlns="http://www.w3.org/2000/svg" width="20" '
            'height="20"><rect width="20" height="20"/></svg>\'))'
        ),
        v4.new_code_cell(f"display(Image(data=base64.b64decode('{PNG_1X1}'), format='png'))"),
        v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider()"),
        v4.new_code_cell("factor * 50"),
    ]
    if fail:
        nb.cells.insert(5, v4.new_code_cell("1 / 0"))
    (folder / "local.txt").write_text("from-the-notebook-folder", encoding="utf-8")
    path = folder / "tiny.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, str, bytes]:
    folder = tmp_path_factory.mktemp("nb")
    nb = _write_notebook(folder)
    before = nb.read_bytes()
    out = export_notebook(nb, folder / "out" / "report.html", {"greeting": "hej", "factor": 3})
    return nb, out.read_text(encoding="utf-8"), before


def test_export_runs_with_parameters_in_static_mode(exported) -> None:
    _, html, _ = exported
    # parameters applied (3 * 21 = 63), COCREATE_STATIC=1, ran in the notebook's folder
    assert "hej 63 1 from-the-notebook-folder" in html
    assert "150" in html  # the last expression's text/plain result (3 * 50)


def test_export_keeps_outputs_and_drops_code(exported) -> None:
    _, html, _ = exported
    assert "<title>Tiny report</title>" in html
    assert "<h1" in html and "<em>markdown</em>" in html and "anchor-link" not in html
    assert '<p class="from-html">html output</p>' in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert f'src="data:image/png;base64,{PNG_1X1}"' in html
    assert html.count("alt=") >= 2
    assert "SECRET_CODE_MARKER" not in html and "import os" not in html
    assert "IntSlider" not in html and "widget-view" not in html
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_export_never_changes_the_notebook(exported) -> None:
    nb, _, before = exported
    assert nb.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets are POSIX only")
def test_export_kernel_uses_private_unix_sockets(tmp_path) -> None:
    """The export's kernel talks over Unix sockets in a private folder, not TCP ports that a
    second export or a Voila server could take first ("Address already in use", seen in CI
    when two exports started together), and leaves no socket files anywhere it was run."""
    v4 = nbformat.v4
    nb = v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "P"}})
    nb.cells = [
        v4.new_code_cell(
            "from ipykernel.kernelapp import IPKernelApp\n"
            "app = IPKernelApp.instance()\n"
            "print('transport=' + app.transport, 'folder=' + str(app.ip))"
        )
    ]
    path = tmp_path / "transport.ipynb"
    nbformat.write(nb, path)
    html = export_notebook(path, tmp_path / "t.html", {}).read_text(encoding="utf-8")
    assert "transport=ipc" in html
    folder = html.split("folder=", 1)[1].split("<", 1)[0].strip()
    assert "cocreate-kernel-" in folder and not Path(folder).parent.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.html", "transport.ipynb"]


def test_export_names_the_failing_cell(tmp_path) -> None:
    nb = _write_notebook(tmp_path, fail=True)
    out = tmp_path / "report.html"
    with pytest.raises(ValueError, match=r"tiny\.ipynb: cell 6 failed with ZeroDivisionError"):
        export_notebook(nb, out, {})
    assert not out.exists()


def test_cli_export_error_exit_code_without_traceback(tmp_path) -> None:
    nb = _write_notebook(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "cocreate_kit.cli", "export", str(nb), "-p", "nosuch", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Unknown parameter(s): nosuch" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_notebook_to_html_skips_widgets_and_stderr() -> None:
    v4 = nbformat.v4
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_code_cell(
            "x",
            outputs=[
                v4.new_output("stream", name="stderr", text="a warning"),
                v4.new_output(
                    "display_data",
                    data={
                        "application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
                        "text/plain": "VBox(children=...)",
                    },
                ),
                v4.new_output("stream", name="stdout", text="\x1b[1mbold\x1b[0m text"),
            ],
        )
    ]
    html = notebook_to_html(nb, "Fallback")
    assert "<title>Fallback</title>" in html
    assert "a warning" not in html and "VBox" not in html
    assert "bold text" in html and "\x1b" not in html


def test_png_alt_text_is_never_empty() -> None:
    v4 = nbformat.v4
    nb = v4.new_notebook()
    png = base64.b64decode(PNG_1X1)
    nb.cells = [
        v4.new_code_cell(
            "x",
            outputs=[
                v4.new_output(
                    "display_data",
                    data={
                        "image/png": base64.b64encode(png).decode(),
                        "text/plain": "<IPython.core.display>",
                    },
                )
            ],
        )
    ]
    html = notebook_to_html(nb)
    assert 'alt="Figure from cell 1"' in html


@pytest.mark.browser
def test_wide_content_never_scrolls_the_page_at_390_px(page, tmp_path) -> None:
    """A phone (390 px): a 20-column table, a long unbroken word, long printed text, a
    wide picture and the ledger graph's wide SVG scroll or wrap inside their own box;
    the page itself never scrolls sideways; the table's box is a labelled, focusable
    region. One <h1> even when a notebook heading and an app heading both come through."""
    import browser_helpers as bh
    import pandas as pd

    from cocreate_kit._brief import brief_html
    from cocreate_kit._html import html_table

    wide = pd.DataFrame({f"Column number {i}": [123456.789, 2.5] for i in range(20)})
    nb = nbformat.v4.new_notebook(metadata={"cocreate": {"title": "Wide things"}})

    def shown(html: str) -> Any:
        return nbformat.v4.new_output("display_data", data={"text/html": html})

    graph = (
        '<div class="ck-graph-scroll"><svg class="ck-graph-svg" width="1572" height="200" '
        'viewBox="0 0 1572 200" role="group" aria-label="Chain"><rect width="1572" '
        'height="200" fill="#eee"/><a href="#n1" class="ck-graph-node"><text x="5" y="20">'
        "Node</text></a></svg></div>"
    )
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Notebook heading"),
        nbformat.v4.new_code_cell(
            outputs=[
                shown(brief_html("Wide things", "Everything wide at once.")),
                shown(html_table(wide, "Twenty columns")),
                shown(f"<p>{'Sammenlægningsudvalgsmedlemsforslag' * 6}</p>"),
                nbformat.v4.new_output("stream", name="stdout", text="x" * 400 + "\n"),
                shown(
                    f'<p><img src="data:image/png;base64,{PNG_1X1}" width="1600" alt="Wide"></p>'
                ),
                shown(graph),
            ]
        ),
    ]
    target = tmp_path / "wide.html"
    target.write_text(notebook_to_html(nb), encoding="utf-8")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(target.as_uri())
    assert bh.page_scrolls_sideways(page) == 0
    assert page.eval_on_selector_all("h1", "els => els.map(e => e.textContent)") == ["Wide things"]
    region = page.query_selector(".ck-table-wrap")
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert "Twenty columns" in region.get_attribute("aria-label")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")  # it scrolls, in its box
    assert bh.axe_violations(page) == []
