"""The ``cocreate`` command: serve apps, start projects, export reports, check data files.

No sub-command shows a traceback for a user's mistake: bad data exits with status 2 and the
full list of problems; other user errors exit with status 2 and one clear sentence.
Unexpected internal errors exit with status 1 and one sentence naming a log file that holds
the traceback: ``$XDG_STATE_HOME/cocreate/`` (default ``~/.local/state/cocreate/``), or the
system temporary folder when that cannot be written.

``cocreate check KIND FILE`` prints the role the pillar gave every column and why; the
roles are set with ``--map ROLE=COLUMN`` and ``--kind COLUMN=KIND`` (repeatable) or a YAML
``--mapping`` file (read first; the options win over it), and ``--write-mapping FILE``
writes what was inferred, for the user to edit and pass back (see
:mod:`cocreate_kit.roles`). ``cocreate new ... --map ...`` puts the same mapping in the
template's ``columns`` parameter.

Everything printed is terminal-safe: data values can hold ANSI escape sequences, other
C0/C1 control characters or bidirectional controls (:data:`cocreate_kit._html.BIDI_CONTROLS`) that
would recolour, rewrite or visually reorder the terminal. :func:`terminal_safe` shows them
as visible escapes (``\\x1b``, ``\\u202e``); newline and tab are kept.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._errors import DataError
from ._html import BIDI_CONTROLS
from .i18n import _, ngettext

KINDS = ("journey", "experiment", "feedback")
#: What ``cocreate check`` validates: the pillars' files and a co-creation ledger.
CHECK_KINDS = (*KINDS, "ledger")
#: ``cocreate new`` starts a notebook for a pillar or for a co-creation ledger.
NEW_KINDS = (*KINDS, "ledger")


#: C0/C1 controls except newline and tab, and the direction controls pages strip too.
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")


def terminal_safe(text: object) -> str:
    r"""Make ``text`` safe to print: control and bidi-override characters become visible.

    Examples
    --------
    >>> terminal_safe("red \x1b[31mtext\u202e\tend\n")
    'red \\x1b[31mtext\\u202e\tend\n'
    """

    def show(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(show, str(text))


def _say(text: object, *, err: bool = False) -> None:
    print(terminal_safe(text), file=sys.stderr if err else sys.stdout)


def _refuse_overwrite(dest: Path, purpose: str = "") -> None:
    """A new file the command writes: never over an existing one, into an existing folder."""
    if dest.exists():
        msg = _("{path!r} already exists; choose another name (nothing was overwritten).").format(
            path=str(dest)
        )
        raise UserError(msg)
    if not dest.parent.exists():
        msg = _("The folder {path!r}{purpose} does not exist.").format(
            path=str(dest.parent), purpose=purpose
        )
        raise UserError(msg)


def _crash_log(command: str, exc: BaseException) -> Path | None:
    """Write the traceback of an unexpected error to a log file; return its path."""
    import datetime as dt
    import tempfile
    import traceback

    from . import __version__

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    text = (
        f"cocreate-kit {__version__}, Python {sys.version.split()[0]}, command {command!r}\n"
        + "".join(traceback.format_exception(exc))
    )
    for folder in (Path(state) / "cocreate", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"cocreate-error-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


class UserError(Exception):
    """A mistake in how the command was called; shown as one sentence, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its messages (which echo the user's arguments) made terminal-safe."""

    def _print_message(self, message: str, file: Any = None) -> None:
        super()._print_message(terminal_safe(message) if message else message, file)


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="cocreate",
        description=_(
            "cocreate-kit: journey maps, prototype tests and feedback analysis as "
            "notebooks and offline apps."
        ),
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("serve", help=_("serve the apps in PATH with Voila (offline)"))
    s.add_argument("path", nargs="?", default=".", help=_("a notebook or a folder of notebooks"))
    s.add_argument("--port", type=int, default=8866)
    s.add_argument("--host", default="127.0.0.1", help=_("address to bind (default 127.0.0.1)"))
    access = s.add_mutually_exclusive_group()
    access.add_argument("--token", default=None, help=_("require this token on every route"))
    access.add_argument(
        "--no-token",
        action="store_true",
        help=_("serve a non-loopback --host without a token (anyone who can reach it can view)"),
    )
    s.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help=_(
            "also answer to this Host name, e.g. a DNS alias or a reverse proxy's public "
            "name (repeatable; other names get 403 against DNS rebinding)"
        ),
    )
    s.add_argument("--no-preheat", action="store_true", help=_("do not preheat kernels"))
    s.add_argument(
        "--language",
        default=None,
        metavar="LANG",
        help=_(
            "default language of the apps, e.g. da or en (viewers can switch; "
            "default: $COCREATE_LANGUAGE, else en)"
        ),
    )

    n = sub.add_parser("new", help=_("start a notebook from a template"))
    n.add_argument("kind", choices=NEW_KINDS)
    n.add_argument("dest", help=_("the new notebook, e.g. my_journey.ipynb"))
    n.add_argument("--data", help=_("path of the data file the notebook should read"))
    n.add_argument("--title", help=_("title of the analysis"))
    _add_mapping_options(n, write=False)

    e = sub.add_parser(
        "export", help=_("run a notebook and write one self-contained HTML report (or a PDF)")
    )
    e.add_argument("notebook")
    e.add_argument(
        "-o",
        "--output",
        help=_(
            "the file to write (default: NOTEBOOK.html, or NOTEBOOK.pdf with --pdf); "
            "a name ending in .pdf writes a PDF"
        ),
    )
    e.add_argument(
        "--pdf",
        action="store_true",
        help=_(
            "write an A4 PDF instead of HTML, printed offline by headless Chromium "
            "(/usr/bin/chromium, $COCREATE_CHROMIUM, or chromium on PATH)"
        ),
    )
    e.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help=_("set a parameter (repeatable)"),
    )

    c = sub.add_parser("check", help=_("validate a data file for a pillar, or a ledger"))
    c.add_argument("kind", choices=CHECK_KINDS)
    c.add_argument("file", help=_("the file (a ledger or a journey may also be a CSV folder)"))
    c.add_argument("--plan", help=_("(experiment) the analysis plan, YAML or JSON"))
    c.add_argument(
        "--public",
        metavar="FOLDER",
        help=_(
            "(ledger) also write the de-identified accountability export (decision log, "
            "milestones, scorecard as JSON and CSV) into the existing FOLDER; never overwrites a file"
        ),
    )
    c.add_argument(
        "--names",
        metavar="FILE",
        help=_(
            "(ledger, with --public) names to redact from the published text: a CSV with "
            "a 'name' column, one name per row"
        ),
    )
    _add_mapping_options(c, write=True)
    return p


def _add_mapping_options(p: argparse.ArgumentParser, *, write: bool) -> None:
    """``--map``, ``--kind``, ``--mapping`` (and for check ``--write-mapping``)."""
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="ROLE=COLUMN",
        help=_(
            "give a column its role, e.g. --map variant=Version --map participant=Participant "
            "(repeatable; list roles such as text or segments collect every column given)"
        ),
    )
    p.add_argument(
        "--kind",
        dest="kinds",
        action="append",
        default=[],
        metavar="COLUMN=KIND",
        help=_("make COLUMN a metric of this kind, e.g. --kind 'Time (mm:ss)=time' (repeatable)"),
    )
    p.add_argument(
        "--mapping",
        metavar="FILE.yaml",
        help=_(
            "read column roles from a YAML file (as --write-mapping writes); "
            "--map and --kind given too win over it"
        ),
    )
    if write:
        p.add_argument(
            "--write-mapping",
            metavar="FILE.yaml",
            help=_(
                "write the column roles found (with --map/--kind/--mapping applied) as YAML "
                "to edit and pass back with --mapping; never overwrites a file"
            ),
        )


def _columns(args: argparse.Namespace) -> dict[str, Any]:
    """The ``columns=`` mapping of the command line: the --mapping file first, then
    --map/--kind on top (:func:`cocreate_kit.roles.merge_mapping`)."""
    from .roles import merge_mapping, parse_map_args, read_mapping

    from_file = read_mapping(args.mapping) if args.mapping is not None else {}
    return merge_mapping(from_file, parse_map_args(args.map, args.kinds))


def _cmd_new(args: argparse.Namespace) -> int:
    import nbformat

    from ._notebook import set_parameters, template_path

    dest = Path(args.dest)
    if dest.suffix != ".ipynb":
        msg = _("The new notebook's name must end in .ipynb, got {path!r}.").format(path=str(dest))
        raise UserError(msg)
    _refuse_overwrite(dest)
    params = {}
    if args.data is not None:
        if not Path(args.data).exists():
            msg = _("The data file {path!r} does not exist.").format(path=args.data)
            raise UserError(msg)
        params["data_path"] = str(Path(args.data))
    nb = nbformat.read(template_path(args.kind), as_version=4)
    if args.title is not None:
        params["title"] = args.title
    columns = _columns(args)
    if columns:
        params["columns"] = columns
    set_parameters(nb, params)
    with open(dest, "x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        nbformat.write(nb, fh)
    _say(
        _(
            "Created {path} from the {kind} template. Open it in JupyterLab: jupyter lab {path}"
        ).format(path=dest, kind=args.kind)
    )
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    """Check a file; with ``--write-mapping`` first write the roles found (so a file that
    fails the check still gives the user a mapping to correct and pass back)."""
    import importlib

    from .roles import write_mapping

    path = Path(args.file)
    if not path.exists():
        msg = _("The file {path!r} does not exist.").format(path=str(path))
        raise UserError(msg)
    if args.kind == "ledger":
        return _check_ledger(args, path)
    for opt, value in (("--public", args.public), ("--names", args.names)):
        if value is not None:
            msg = _("{option} only applies to 'cocreate check ledger'.").format(option=opt)
            raise UserError(msg)
    module = importlib.import_module(f"cocreate_kit.{args.kind}")
    kwargs: dict[str, Any] = {}
    if args.plan is not None:
        if args.kind != "experiment":
            msg = _("--plan only applies to 'cocreate check experiment'.")
            raise UserError(msg)
        kwargs["plan"] = args.plan
    columns = _columns(args)
    if columns:
        kwargs["columns"] = columns
    if args.write_mapping is not None:
        dest = Path(args.write_mapping)
        _refuse_overwrite(dest, " for --write-mapping")
        roles = module.infer_roles(path, **kwargs)
        write_mapping(roles, dest)
        plan = f" --plan {args.plan}" if args.plan is not None else ""
        again = f"cocreate check {args.kind} {path}{plan} --mapping {dest}"
        _say(
            _(
                "Wrote the column roles of {file} to {path}. Edit it, then pass it back: {command}"
            ).format(file=path.name, path=dest, command=again)
        )
    summary = module.check_file(path, **kwargs)
    _say(_("OK: {file} is a valid {kind} file.").format(file=path.name, kind=args.kind))
    _say(summary)
    return 0


def _check_ledger(args: argparse.Namespace, path: Path) -> int:
    """``cocreate check ledger FILE``: a ledger has fixed columns, so no column options."""
    from .ledger import check_file

    given = [
        opt
        for opt, value in (
            ("--plan", args.plan),
            ("--map", args.map),
            ("--kind", args.kinds),
            ("--mapping", args.mapping),
            ("--write-mapping", args.write_mapping),
        )
        if value
    ]
    if given:
        msg = ngettext(
            "{options} does not apply to 'cocreate check ledger': a ledger has fixed tables "
            "and columns (ledger.schema.json).",
            "{options} do not apply to 'cocreate check ledger': a ledger has fixed tables "
            "and columns (ledger.schema.json).",
            len(given),
        ).format(options=", ".join(given))
        raise UserError(msg)
    if args.names is not None and args.public is None:
        msg = _("--names only applies together with --public.")
        raise UserError(msg)
    if args.public is not None:
        from .ledger import PUBLIC_FILES

        for name in PUBLIC_FILES:
            _refuse_overwrite(Path(args.public) / name, " for --public")
    summary = check_file(path)
    _say(_("OK: {file} is a valid ledger.").format(file=path.name))
    _say(summary)
    if args.public is not None:
        _public_export(path, Path(args.public), args.names)
    return 0


def _public_export(path: Path, folder: Path, names_file: str | None) -> None:
    """``--public FOLDER``: the ledger's de-identified accountability export."""
    from .feedback import load_names
    from .ledger import load, public_export

    if names_file is not None and not Path(names_file).exists():
        msg = _("The names file {path!r} does not exist.").format(path=names_file)
        raise UserError(msg)
    written = public_export(load(path), folder, names=load_names(names_file))
    _say(
        _("Wrote the public accountability export to {folder}: {files}.").format(
            folder=folder, files=", ".join(p.name for p in written)
        )
    )


def _cmd_export(args: argparse.Namespace) -> int:
    from . import i18n
    from ._notebook import parse_cli_value
    from .export import export_notebook

    nb = Path(args.notebook)
    if not nb.exists() or nb.suffix != ".ipynb":
        msg = _("{path!r} is not an existing .ipynb notebook.").format(path=str(nb))
        raise UserError(msg)
    out = Path(args.output) if args.output else nb.with_suffix(".pdf" if args.pdf else ".html")
    as_pdf = args.pdf or out.suffix.lower() == ".pdf"
    if as_pdf and out.suffix.lower() != ".pdf":
        msg = _("--pdf writes a PDF: give an output name ending in .pdf (got {path!r}).").format(
            path=str(out)
        )
        raise UserError(msg)
    params = {name: parse_cli_value(value) for name, value in args.parameter}
    written = export_notebook(nb, out, params, pdf=as_pdf)
    with i18n.use_language(params.get("language") or None):
        if as_pdf:
            done = _("Wrote {path} (an A4 PDF of the same report).")
        else:
            done = _("Wrote {path} (self-contained; open it in any browser, no network needed).")
    _say(done.format(path=written))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from . import i18n
    from .serve import serve

    if args.language:
        try:
            i18n.normalise_language(args.language)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    path = Path(args.path)
    if not path.exists():
        msg = _("{path!r} does not exist; give a notebook or a folder of notebooks.").format(
            path=str(path)
        )
        raise UserError(msg)
    return serve(
        path,
        port=args.port,
        host=args.host,
        token=args.token,
        preheat=not args.no_preheat,
        allow_hosts=args.allow_host,
        no_token=args.no_token,
        language=args.language,
    )


def _cli_language(argv: Sequence[str]) -> str | None:
    """The language of the command's own messages and ``--help``: ``--language`` (of
    ``serve``) or ``-p language`` (of ``export``) when valid, else None (``$COCREATE_LANGUAGE``,
    else English). Read before the parser is built, because argparse fixes help texts then."""
    from . import i18n

    argv = list(argv)
    for i, arg in enumerate(argv):
        value = None
        if arg == "--language" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--language="):
            value = arg.split("=", 1)[1]
        elif arg in ("-p", "--parameter") and argv[i + 1 : i + 2] == ["language"]:
            value = argv[i + 2] if i + 2 < len(argv) else None
        if value:
            try:
                return i18n.normalise_language(value)
            except ValueError:
                return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cocreate`` command; returns the exit status.

    Messages and ``--help`` are in the command's language (:func:`_cli_language`): the
    parser is built inside that language, so ``COCREATE_LANGUAGE=da cocreate --help`` and
    ``cocreate serve --language da --help`` are Danish.
    """
    from .i18n import use_language

    argv = sys.argv[1:] if argv is None else list(argv)
    with use_language(_cli_language(argv)):
        return _main(argv)


def _main(argv: Sequence[str]) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    handlers = {"new": _cmd_new, "check": _cmd_check, "export": _cmd_export, "serve": _cmd_serve}
    try:
        return handlers[args.command](args)
    except DataError as exc:
        _say(f"cocreate {args.command}: {exc}", err=True)
        return 2
    except (UserError, ValueError, FileNotFoundError, FileExistsError) as exc:
        _say(
            _("cocreate {command}: error: {error}").format(command=args.command, error=exc),
            err=True,
        )
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`cocreate check F | head`): not an error in the kit. Point
        # stdout at /dev/null so the interpreter's final flush cannot fail again, and exit
        # as a shell does for SIGPIPE (128 + 13).
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), sys.stdout.fileno())
        return 141
    except Exception as exc:  # anything else is a bug in the kit: log it, never a traceback
        log = _crash_log(f"cocreate {args.command}", exc)
        where = (
            _("the details are in {path}").format(path=log)
            if log
            else _("no log file could be written")
        )
        _say(
            _(
                "cocreate {command}: unexpected internal error ({error}); this is a bug in "
                "cocreate-kit, not in your data, and {where} (please attach it when you "
                "report the bug)."
            ).format(command=args.command, error=type(exc).__name__, where=where),
            err=True,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["main", "UserError", "terminal_safe"]
