"""Language between the kit and the viewer (issue 13), without a browser.

The app harness captures its language and renders in it; the language switch; the busy
status; a notebook localised for a language; the served pages' Jinja templates in Danish;
the request's language; the CLI's ``--language`` check.
"""

from __future__ import annotations

import time

import nbformat
import pytest
from i18n_helpers import untranslated

from cocreate_kit import i18n
from cocreate_kit._notebook import localise_notebook, page_texts
from cocreate_kit.apps import App, dropdown, language_switch
from cocreate_kit.apps.yourdata import your_data_app
from cocreate_kit.serve import SHARE_DIR, register_jinja_globals, request_language

TEMPLATES = SHARE_DIR / "voila" / "templates" / "cocreate"


@pytest.fixture(autouse=True)
def _english_default(monkeypatch):
    monkeypatch.delenv("COCREATE_LANGUAGE", raising=False)
    monkeypatch.delenv("COCREATE_SERVED", raising=False)
    i18n.set_language(None)
    yield
    i18n.set_language(None)


def _app(language=None) -> App:
    def render(choice: str) -> str:
        return f"<p>{i18n._('Working…')} {choice} {i18n.fmt_number(1234.5)}</p>"

    return App(
        "Analyse your own data",
        {"choice": dropdown("x", ["a", "b"])},
        render,
        intro="Up one folder",
        language=language,
    )


def test_app_captures_the_language_at_construction():
    i18n.set_language("da")
    app = _app()
    i18n.set_language("en")  # changed later: the app keeps Danish
    assert app.language == "da"
    assert "Arbejder … a 1.234,5" in app.html()
    assert '<h1>Analysér dine egne data</h1><p class="ck-what">Op en mappe</p>' in app._header()
    assert "Viste indstillinger: x: a." in app.static_html()
    english = _app("en")
    assert "Working… a 1,234.5" in english.html()
    assert "<h1>Analyse your own data</h1>" in english._header()


def test_own_title_passes_through_unchanged():
    app = App("Vores egen titel: Ældrepleje 2026", {}, lambda: "", language="da")
    assert "Vores egen titel: Ældrepleje 2026" in app._header()


def test_friendly_error_is_translated():
    def broken() -> str:
        raise RuntimeError("boom")

    html = App("t", {}, broken, language="da").html()
    assert "Visningen kunne ikke tegnes" in html and "boom" not in html


def test_widget_callback_renders_in_the_app_language():
    app = _app("da")
    box = app.widget()
    ctl = app.controls["choice"]
    with i18n.use_language("en"):  # the kernel's language at callback time does not matter
        ctl.value = "b"
    assert "Arbejder … b 1.234,5" in app._output.value
    assert box is app.widget()


def test_language_switch_links_every_language_and_drops_the_token():
    html = language_switch("en", [("token", "s3cret"), ("kind", "journey")])
    assert "s3cret" not in html
    assert 'href="?token' not in html
    html = language_switch("en", [("kind", "journey")])
    assert 'href="?kind=journey&amp;language=da"' in html
    assert 'lang="da" hreflang="da"' in html and ">Dansk</a>" in html
    assert 'lang="en" hreflang="en" aria-current="true"' in html
    assert 'aria-label="Language / Sprog"' in html


def test_switch_only_when_served(monkeypatch):
    app = _app("en")
    assert "ck-language" not in app.widget().children[0].value
    monkeypatch.setenv("COCREATE_SERVED", "1")
    monkeypatch.setenv("QUERY_STRING", "token=abc&language=da&kind=x")
    header = App("t", {}, lambda: "", language="da").widget().children[0].value
    assert "ck-language" in header and "abc" not in header
    assert "?kind=x&amp;language=en" in header
    monkeypatch.setenv("COCREATE_STATIC", "1")  # an export has no URL to switch
    assert "ck-language" not in App("t", {}, lambda: "").static_html()


def test_busy_status_while_a_slow_redraw_runs():
    seen = []

    def slow(choice: str) -> str:
        time.sleep(1.0)
        seen.append(app._status.value)
        return f"<p>{choice}</p>"

    app = App("t", {"choice": dropdown("x", ["a", "b"])}, slow, language="da")
    app.widget()
    seen.clear()
    app.controls["choice"].value = "b"
    assert seen and 'role="status"' in seen[-1] and "Arbejder …" in seen[-1]
    assert app._status.value == ""  # cleared when the redraw is done
    assert app._output.value == "<p>b</p>"


def test_fast_redraw_shows_no_busy_status():
    seen = []

    def fast(choice: str) -> str:
        seen.append(app._status.value)
        return choice

    app = App("t", {"choice": dropdown("x", ["a", "b"])}, fast)
    app.widget()
    app.controls["choice"].value = "b"
    assert seen[-1] == ""


def test_localise_notebook_sets_parameter_markdown_and_lang():
    nb = nbformat.read("notebooks/your_data.ipynb", as_version=4)
    localise_notebook(nb, "da")
    params = nb.cells[1].source
    assert "language = 'da'" in params
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert prose.startswith("# Analysér dine egne data")
    assert untranslated(prose) == []
    meta = nb.metadata["cocreate"]
    assert meta["lang"] == "da"
    assert meta["title"] == "Dine egne data: spørgeskema, brugertest eller hændelseslog"
    assert meta["ui"]["skip"] == "Gå til indhold"
    # English: unchanged prose, parameter set to "en".
    nb = nbformat.read("notebooks/your_data.ipynb", as_version=4)
    localise_notebook(nb, "en")
    assert "language = 'en'" in nb.cells[1].source
    assert nb.metadata["cocreate"]["ui"] == {**page_texts()}


def test_your_data_app_in_danish():
    app = your_data_app("journey", language="da")
    status = app.status_html()
    assert "Viser det medfølgende syntetiske eksempel" in status
    assert "Hver kolonnes rolle" in status and "Hent kortlægningen" in status
    assert untranslated(status) == []
    header = app.widget().children[0].value
    assert "Analysér dine egne data" in header and "personoplysninger" in header
    assert app.analysis is not None and app.analysis.language == "da"
    english = your_data_app("journey", language="en")
    assert "Showing the bundled synthetic sample" in english.status_html()


class _Request:
    def __init__(self, language=None):
        self.language = language

    def get_argument(self, name, default=None):
        return self.language if name == "language" and self.language else default


def test_request_language(monkeypatch):
    assert request_language(_Request("da")) == "da"
    assert request_language(_Request("da-DK")) == "da"
    assert request_language(_Request("xx")) == "en"  # unknown: the server's default
    assert request_language(None) == "en"
    monkeypatch.setenv("COCREATE_LANGUAGE", "da")
    assert request_language(_Request()) == "da"
    assert request_language(_Request("en")) == "en"


@pytest.mark.parametrize("name", ["tree.html", "404.html", "error.html", "login.html"])
def test_served_pages_in_danish(name, tmp_path):
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    register_jinja_globals(env, tmp_path)
    ns = {
        "contents": {"content": []},
        "notebook_path": "",
        "breadcrumbs": [("/", "")],
        "base_url": "/",
        "status_code": 404,
        "status_message": "Not Found",
        "login_available": True,
        "message": {"error": True},
        "next": "/",
        "xsrf_form_html": lambda: "",
    }
    with i18n.use_language("da"):
        html = env.get_template(name).render(**ns)
    assert '<html lang="da">' in html
    assert "Gå til indhold" in html
    assert untranslated(html) == []
    with i18n.use_language("en"):
        english = env.get_template(name).render(**ns)
    assert '<html lang="en">' in english and "Skip to content" in english


def test_cli_messages_and_help_in_the_chosen_language(capsys, monkeypatch, tmp_path):
    from cocreate_kit.cli import main

    missing = str(tmp_path / "nope.csv")
    assert main(["check", "ledger", missing]) == 2
    assert "The file" in capsys.readouterr().err
    monkeypatch.setenv("COCREATE_LANGUAGE", "da")
    assert main(["check", "ledger", missing]) == 2
    err = capsys.readouterr().err
    assert "cocreate check: fejl: Filen" in err and "findes ikke" in err
    monkeypatch.delenv("COCREATE_LANGUAGE")
    with pytest.raises(SystemExit):
        main(["serve", "--language", "da", "--help"])
    out = capsys.readouterr().out
    assert "apps' standardsprog" in out and untranslated(out) == []
    assert main(["serve", "--language", "xx", str(tmp_path)]) == 2
    assert "Unknown language 'xx'" in capsys.readouterr().err
    assert i18n.get_language() == "en"  # the command's language does not leak


def test_served_app_without_language_parameter_follows_the_query(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "language=da")
    assert App("t", {}, lambda: "").language == "en"  # not served: the current language
    monkeypatch.setenv("COCREATE_SERVED", "1")
    assert App("t", {}, lambda: "").language == "da"
    assert App("t", {}, lambda: "", language="en").language == "en"
    monkeypatch.setenv("QUERY_STRING", "language=xx")
    assert App("t", {}, lambda: "").language == "en"
