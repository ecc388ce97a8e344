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
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tomllib
from pathlib import Path

import matplotlib
import pandas as pd

from ..analysis.figures import plot_outcomes, save_figure
from ..analysis.i18n import check_language
from ..analysis.page import fmt_ci
from ..analysis.report import write_report
from ..analysis.sensitivity import readings as sensitivity_readings
from ..analysis.sensitivity import sweep_sensitivity
from ..experiments.engines import ENGINES, available_cores
from ..experiments.errors import UserError
from ..experiments.results import Results, load_results
from ..experiments.runner import compare, run, sweep
from ..experiments.scenarios import available, load_scenario, scenario_from_dict
from ..experiments.sweeps import DESIGNS, Sweep, file_kind, load_sweep, sweep_from_dict
from ..experiments.tomlspec import read_toml
from ..model.outcomes import OUTCOMES, SUMMARY_OUTCOMES, outcomes_in
from ..model.params import parameter_problem

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def parse_assignment(text: str) -> tuple[str, object]:
    """Parse ``name=value``; the value is read as a TOML value, else kept as a string."""
    if "=" not in text:
        raise UserError(f"--set {text!r}: expected name=value")
    name, raw = (part.strip() for part in text.split("=", 1))
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    if problem := parameter_problem(name, value):
        raise UserError(f"--set {problem}")
    return name, value


def _options(args: argparse.Namespace) -> dict:
    return {
        "engine": args.engine,
        "jobs": args.jobs,
        "scheduler": args.scheduler,
        "batch": args.batch,
        "overwrite": args.overwrite,
        "progress": not args.quiet,
    }


def _overrides(args: argparse.Namespace) -> dict:
    return {"steps": args.steps, "replications": args.replications, "seed": args.seed}


PHASE_HELP = "sweeps: the two varied parameters of the phase diagrams (default: the first two)"


def summary_table(results: Results, outcomes=SUMMARY_OUTCOMES) -> pd.DataFrame:
    """Outcome x scenario table of 'mean [95% CI]' over the last fifth of the runs."""
    table = results.summary(list(outcomes))
    table["cell"] = [fmt_ci(*row) for row in table[["mean", "ci_low", "ci_high"]].to_numpy()]
    wide = table.pivot(index="outcome", columns="scenario", values="cell")
    order = list(dict.fromkeys(table["scenario"]))
    return wide.loc[list(outcomes), order]


def _report(results: Results) -> None:
    """Write the per-scenario plots and the summary CSV; print the summary."""
    folder = results.path
    series = results.timeseries()
    policy = results.points.set_index("scenario")["timeline"].to_dict()
    written = []
    for scenario, frame in series.groupby("scenario", sort=False):
        wide = {
            c: frame.pivot(index="step", columns="outcome", values=c)
            for c in ("mean", "ci_low", "ci_high")
        }
        steps = sorted(int(k) for k in json.loads(policy.get(scenario) or "{}"))
        reps = results.metadata["replications"]
        fig = plot_outcomes(
            wide["mean"],
            title=f"{scenario}: mean and 95% CI over {reps} replications",
            policy_steps=steps,
            low=wide["ci_low"],
            high=wide["ci_high"],
        )
        path = folder / f"outcomes_{scenario}.png"
        save_figure(fig, path)
        written.append(path)
    results.summary().to_csv(folder / "summary.csv", index=False)
    table = summary_table(results)
    print(
        f"\nmean of the last fifth of the steps [95% CI], {results.metadata['replications']} "
        "replications (common random numbers):"
    )
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string())
    if not results.errors.empty:
        print(f"\n{len(results.errors)} run(s) failed; see {folder / 'errors.parquet'}")
    print(
        f"\nwrote {folder}/: steps.parquet, runs.parquet, points.parquet, summary.csv, "
        f"metadata.json, {', '.join(p.name for p in written)}"
    )


def run_command(args: argparse.Namespace) -> int:
    """``microgov run``."""
    params = dict(parse_assignment(a) for a in args.set)
    results = run(args.scenario, args.out, params=params, **_overrides(args), **_options(args))
    _report(results)
    return 0


def compare_command(args: argparse.Namespace) -> int:
    """``microgov compare``: run the scenarios, print the table, write the HTML report."""
    check_language(args.lang)
    results = compare(
        args.scenarios, args.out, name=args.name, **_overrides(args), **_options(args)
    )
    _report(results)
    print(f"report: {write_report(results, args.lang)}")
    return 0


def _phase(text: str | None, spec: Sweep | None = None) -> dict:
    """``--phase X,Y`` as report options (none when not given), checked against ``spec``."""
    if text is None:
        return {}
    names = [n.strip() for n in text.split(",")]
    if len(names) != 2 or not all(names):
        raise UserError(f"--phase {text!r}: give two varied parameters as X,Y")
    varied = [f.name for f in spec.factors] if spec else names
    for name in names:
        if name not in varied:
            raise UserError(
                f"--phase {text}: {name!r} is not varied by {spec.path}; varied: "
                f"{', '.join(varied)}"
            )
    return {"phase": tuple(names)}


def report_command(args: argparse.Namespace) -> int:
    """``microgov report``: the HTML report of saved results (comparison or sweep)."""
    check_language(args.lang)
    results = load_results(args.results)
    print(f"report: {write_report(results, args.lang, **_phase(args.phase))}")
    return 0


def sensitivity_command(args: argparse.Namespace) -> int:
    """``microgov sensitivity``: run a Sobol or Morris sweep, then its indices."""
    check_language(args.lang)
    spec = load_sweep(args.sweep)
    if spec.method not in ("sobol", "morris"):
        raise UserError(
            f"{spec.path}: design.method = {spec.method!r}: sensitivity needs sobol or morris"
        )
    outcomes = [o.strip() for o in args.outcomes.split(",") if o.strip()]
    for name in outcomes:
        if name not in OUTCOMES:
            raise UserError(f"--outcomes: unknown outcome {name!r}; allowed: {', '.join(OUTCOMES)}")
    phase = _phase(args.phase, spec)
    results = sweep(spec, args.out, **_overrides(args), **_options(args))
    table = sweep_sensitivity(results, outcomes)
    with pd.option_context("display.width", 160, "display.max_rows", 200):
        print(table.round(3).to_string(index=False))
    print()
    for sentence in sensitivity_readings(table, args.lang):
        print(sentence)
    report = write_report(results, args.lang, sensitivity=table, outcomes=outcomes, **phase)
    for name in ("sensitivity.csv", "sensitivity.png", "sensitivity.svg"):  # drawn by the report
        shutil.copy(report.parent / name, results.path / name)
    print(f"\nwrote {results.path}/sensitivity.csv, sensitivity.png, sensitivity.svg")
    print(f"report: {report}")
    return 0


def explore_command(args: argparse.Namespace) -> int:
    """``microgov explore``: serve the interactive explorer (Solara) until interrupted."""
    import importlib.util
    import subprocess

    if importlib.util.find_spec("solara") is None:
        raise UserError(
            "microgov explore needs the explorer's packages: pip install 'microgov-sim[explore]' "
            "(./test.sh and ./run.sh install them)"
        )
    command = [sys.executable, "-m", "solara", "run", "microgov_sim.interfaces.explorer"]
    command += ["--port", str(args.port), "--host", args.host]
    command += ["--open" if args.open else "--no-open", "--log-level", "warning"]
    print(f"microgov explore: http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    return subprocess.call(command)


def patterns_command(args: argparse.Namespace) -> int:
    """``microgov patterns``: the ten pattern experiments, their statistics and figures."""
    import dataclasses

    from ..validation import PATTERNS, Config, run_patterns

    config = Config.quick() if args.quick else Config()
    changes = {"steps": args.steps, "seeds": args.replications, "seed": args.seed}
    config = dataclasses.replace(config, **{k: v for k, v in changes.items() if v is not None})
    only = [name.strip() for name in args.only.split(",")] if args.only else None
    for name in only or []:
        if name not in PATTERNS:
            raise UserError(f"--only: unknown pattern {name!r}; allowed: {', '.join(PATTERNS)}")
    table = run_patterns(config, args.out, only=only, **_options(args))
    view = table.assign(
        result=[fmt_ci(*r) for r in table[["estimate", "ci_low", "ci_high"]].to_numpy()]
    )
    with pd.option_context(
        "display.width", 200, "display.max_colwidth", 80, "display.max_rows", 500
    ):
        print(view[["pattern", "variant", "statistic", "result", "holds"]].to_string(index=False))
    print(f"\nwrote {Path(args.out) / 'patterns.csv'} and a figure per pattern")
    return 0


def sweep_command(args: argparse.Namespace) -> int:
    """``microgov sweep``."""
    check_language(args.lang)
    spec = load_sweep(args.sweep)
    phase = _phase(args.phase, spec)
    results = sweep(spec, args.out, **_overrides(args), **_options(args))
    results.summary().to_csv(results.path / "summary.csv", index=False)
    done, failed = len(results.runs), len(results.errors)
    print(
        f"{done} runs finished, {failed} failed; wrote {results.path}/ "
        "(steps.parquet, runs.parquet, points.parquet, summary.csv, metadata.json)"
    )
    if done:
        print(f"report: {write_report(results, args.lang, **phase)}")
    return 0


def validate_command(args: argparse.Namespace) -> int:
    """``microgov validate``: check every file, report every problem, run nothing."""
    problems: list[str] = []
    for name in args.files:
        try:
            doc, text = read_toml(name)
            if file_kind(doc) == "sweep":
                spec = sweep_from_dict(doc, str(name), text, default_name=Path(name).stem)
                points, _ = spec.design()
                print(
                    f"{name}: ok: sweep {spec.name!r}, {spec.method} design, {len(points)} "
                    f"points x {spec.replications} replications = "
                    f"{len(points) * spec.replications} runs of {spec.steps} steps"
                )
            else:
                spec = scenario_from_dict(doc, str(name), text, default_name=Path(name).stem)
                print(
                    f"{name}: ok: scenario {spec.name!r}, {spec.replications} replications "
                    f"x {spec.steps} steps, {len(spec.timeline)} timeline change(s)"
                )
        except UserError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    return 0


def scenarios_command(args: argparse.Namespace) -> int:
    """``microgov scenarios``: what can be run by name."""
    print("scenarios (microgov run NAME, microgov compare NAME ...):")
    for name in available("scenario"):
        print(f"  {name:<24} {load_scenario(name).description}")
    print("sweeps (microgov sweep NAME):")
    for name in available("sweep"):
        print(f"  {name:<24} {load_sweep(name).description}")
    return 0


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
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (implies dask)")
    p.add_argument("--batch", type=_positive, help="runs per task (default: automatic)")
    p.add_argument("--overwrite", action="store_true", help="replace earlier results")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


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
    p.add_argument("--lang", default="en", help="report language: en or zh")
    _add_run_options(p)
    p.set_defaults(func=compare_command)

    p = sub.add_parser("report", help="write the HTML report of saved results")
    p.add_argument("results", help="a results folder (holding metadata.json)")
    _add_report_options(p)
    p.set_defaults(func=report_command)

    p = sub.add_parser("sensitivity", help="Morris or Sobol sensitivity analysis of a sweep")
    p.add_argument("sweep", help="a sweep with a sobol or morris design (name or path)")
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
    p.add_argument("--port", type=int, default=8765, help="port to serve on (default 8765)")
    p.add_argument("--host", default="localhost", help="host to listen on (default localhost)")
    p.add_argument("--open", action="store_true", help="open a browser tab")
    p.set_defaults(func=explore_command)

    p = sub.add_parser("validate", help="check scenario or sweep files without running them")
    p.add_argument("files", nargs="+", help="TOML files")
    p.set_defaults(func=validate_command)

    p = sub.add_parser("scenarios", help="list the scenarios and sweeps available by name")
    p.set_defaults(func=scenarios_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``microgov`` command."""
    args = build_parser().parse_args(argv)
    matplotlib.use("Agg")  # the command writes figures to files; it never opens windows
    try:
        return args.func(args)
    except UserError as exc:
        for line in exc.problems:
            print(f"microgov: error: {line}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(
            "microgov: interrupted; finished runs are saved -- give the same command again "
            "to resume",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
