"""The ``microgov`` command.

Subcommands::

    microgov run SCENARIO        all replications of one scenario (name or path)
    microgov compare S1 S2 ...   scenarios as arms of one experiment (common random numbers)
    microgov sweep SWEEP         a sweep file: factorial, Latin hypercube, Sobol or Morris
    microgov report DIR          the HTML report of saved results (comparison or sweep)
    microgov sensitivity SWEEP   Morris or Sobol indices of a sweep (SALib)
    microgov explore             the interactive explorer (SolaraViz) in the browser
    microgov patterns [--quick]  the validation patterns: statistics, CIs, figures
    microgov validate FILE ...   check scenario or sweep files without running them
    microgov scenarios           list the scenarios and sweeps found by name

Results go to ``<out>/<name>/`` (Parquet tables, metadata.json, a plot). A user's mistake is
reported in one line per problem with exit code 2, never a traceback; an interrupted run
(Ctrl-C, or a killed process) resumes when the same command is given again.

This module holds the parser and :func:`main`; what each subcommand does is in
:mod:`~microgov_sim.interfaces.commands`. The top of the import order: may import every stage.
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
import threading

import matplotlib

from ..analysis.sensitivity import method_names
from ..experiments.designs import DESIGNS
from ..experiments.engines import ENGINES, available_cores
from ..experiments.errors import UserError
from ..model.outcomes import outcomes_in
from ..model.params import printable
from .commands import (
    compare_command,
    explore_command,
    patterns_command,
    report_command,
    run_command,
    scenarios_command,
    sensitivity_command,
    sweep_command,
    validate_command,
)

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports a terminated command


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the command is, so it stops as on Ctrl-C (runs saved, status)."""


def _port(text: str) -> int:
    """A TCP port number, 1 to 65535 (argparse reports anything else as a usage error)."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a number in [1, 65535]")
    return port


_ADDRESS = re.compile(r"(?:(?:tcp|tls)://)?(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})")


def _address(text: str) -> str:
    """A Dask scheduler address ``[tcp://]host:port`` (argparse reports anything else)."""
    found = _ADDRESS.fullmatch(text)
    if found is None or not 1 <= int(found.group(1)) <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a scheduler address: give tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786"
        )
    return text


def _terminate(signum, frame):
    raise Terminated


PHASE_HELP = "sweeps: the two varied parameters of the phase diagrams (default: the first two)"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"{value} must be in [0, 2**63)")
    return value


def _add_report_options(p: argparse.ArgumentParser) -> None:
    """``--lang`` and, for sweeps, ``--phase``: options of the reports a command writes."""
    p.add_argument("--lang", default="en", help="figure and report language: en or zh")
    p.add_argument("--phase", metavar="X,Y", help=PHASE_HELP)


def _add_run_options(p: argparse.ArgumentParser, out_default: str = "results") -> None:
    p.add_argument("--steps", type=_positive, help="steps (weeks) per run; default: the file's")
    p.add_argument("--replications", type=_positive, help="replications; default: the file's")
    p.add_argument("--seed", type=_seed, help="master seed; default: the file's")
    p.add_argument("--out", default=out_default, help=f"results root; default {out_default}/")
    p.add_argument(
        "--engine",
        choices=list(ENGINES),
        default="processes",
        help=f"where runs go: {', '.join(ENGINES)} (default: processes)",
    )
    p.add_argument(
        "--jobs",
        type=_positive,
        help=f"worker processes (default: all {available_cores()} cores)",
    )
    p.add_argument(
        "--scheduler",
        type=_address,
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://127.0.0.1:8786 (implies --engine dask)",
    )
    p.add_argument("--batch", type=_positive, help="runs per task (default: automatic)")
    p.add_argument("--overwrite", action="store_true", help="replace earlier results")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_allow_large(p)


def _add_allow_large(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--allow-large",
        action="store_true",
        help="lift the usual size limits (steps, replications, design points, runs)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(
        prog="microgov",
        description="Agent-based simulation of community micro-governance (微治理).",
        epilog="Each subcommand has --help. Scenario and sweep files: see scenarios/README.md.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="run all replications of one scenario")
    p.add_argument("scenario", help="scenario name (see 'microgov scenarios') or TOML path")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a model parameter (repeatable), e.g. --set admin_penetration=0.8",
    )
    _add_run_options(p)
    p.set_defaults(func=run_command)

    p = sub.add_parser("compare", help="run scenarios side by side (common random numbers)")
    p.add_argument("scenarios", nargs="+", help="scenario names or TOML paths")
    p.add_argument("--name", help="results folder name (default: from the scenario names)")
    p.add_argument(
        "--harmonise",
        action="store_true",
        help="run every scenario with the first one's steps, replications and seed "
        "(otherwise scenarios whose own values differ are refused)",
    )
    p.add_argument("--lang", default="en", help="report language: en or zh")
    _add_run_options(p)
    p.set_defaults(func=compare_command)

    p = sub.add_parser("report", help="write the HTML report of saved results")
    p.add_argument("results", help="a results folder (holding metadata.json)")
    _add_report_options(p)
    p.set_defaults(func=report_command)

    p = sub.add_parser("sensitivity", help="Morris or Sobol sensitivity analysis of a sweep")
    p.add_argument("sweep", help=f"a sweep with a {method_names()} design (name or path)")
    p.add_argument(
        "--outcomes",
        default=",".join(outcomes_in("sensitivity")),
        help="comma-separated outcomes to analyse",
    )
    _add_report_options(p)
    _add_run_options(p)
    p.set_defaults(func=sensitivity_command)

    p = sub.add_parser("sweep", help=f"run a parameter sweep ({', '.join(DESIGNS)})")
    p.add_argument("sweep", help="sweep name (scenarios/sweeps/) or TOML path")
    _add_report_options(p)
    _add_run_options(p)
    p.set_defaults(func=sweep_command)

    p = sub.add_parser("patterns", help="the ten validation patterns, with statistics")
    p.add_argument("--quick", action="store_true", help="reduced version (under 2 minutes)")
    p.add_argument("--only", metavar="P1,P2", help="run only these patterns (names as listed)")
    _add_run_options(p, out_default="results/patterns")
    p.set_defaults(func=patterns_command)

    p = sub.add_parser("explore", help="the interactive explorer in the browser (SolaraViz)")
    p.add_argument("--port", type=_port, default=8765, help="port to serve on (default 8765)")
    p.add_argument("--host", default="localhost", help="host to listen on (default localhost)")
    p.add_argument("--open", action="store_true", help="open a browser tab")
    p.set_defaults(func=explore_command)

    p = sub.add_parser("validate", help="check scenario or sweep files without running them")
    p.add_argument("files", nargs="+", help="TOML files")
    _add_allow_large(p)
    p.set_defaults(func=validate_command)

    p = sub.add_parser("scenarios", help="list the scenarios and sweeps available by name")
    p.set_defaults(func=scenarios_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``microgov`` command."""
    args = build_parser().parse_args(argv)
    matplotlib.use("Agg")  # the command writes figures to files; it never opens windows
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        return args.func(args)
    except UserError as exc:
        for line in exc.problems:
            print(f"microgov: error: {line}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # the machine's, not the code's: a full disk, a read-only folder ...
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"microgov: error: {printable(where + (exc.strerror or str(exc)))}", file=sys.stderr)
        print(
            "microgov: finished runs are saved; free the space or fix the folder and give the "
            "same command again to resume",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except MemoryError:
        print(
            "microgov: error: out of memory; try fewer design points, replications, steps or "
            "households, or fewer --jobs",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt as exc:
        how = "terminated" if isinstance(exc, Terminated) else "interrupted"
        print(
            f"microgov: {how}; finished runs are saved -- give the same command again to resume",
            file=sys.stderr,
        )
        return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
