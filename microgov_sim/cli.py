"""The ``microgov`` command.

``microgov run`` runs one model (defaults unless overridden with ``--set name=value``) and
writes its outcome table, plot and metadata. A user's mistake (unknown parameter, bad value)
is reported in one line per problem with exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from pathlib import Path

from .model import MicroGovModel
from .params import PARAMETER_SPECS, unknown_name_message
from .plotting import plot_outcomes, save_figure
from .provenance import run_metadata

EXIT_USAGE = 2


class UserError(Exception):
    """A problem in the user's input: reported without a traceback, exit code 2."""


def parse_assignment(text: str) -> tuple[str, object]:
    """Parse ``name=value``; the value is read as a TOML value, else kept as a string."""
    if "=" not in text:
        raise UserError(f"--set {text!r}: expected name=value")
    name, raw = (part.strip() for part in text.split("=", 1))
    if name not in PARAMETER_SPECS:
        raise UserError(f"--set {text!r}: " + unknown_name_message(name))
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return name, value


def run_command(args: argparse.Namespace) -> int:
    """Run one model and write outcomes.csv, outcomes.png and metadata.json."""
    params = dict(parse_assignment(a) for a in args.set)
    try:
        model = MicroGovModel(rng=args.seed, **params)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    model.run_for(args.steps)
    elapsed = time.perf_counter() - started
    df = model.datacollector.get_model_vars_dataframe()
    df.index.name = "step"
    table = df.assign(seed=args.seed)
    table.to_csv(out / "outcomes.csv")
    title = f"microgov-sim: {model.n} households, {args.steps} steps, seed {args.seed}"
    save_figure(plot_outcomes(df, title=title), out / "outcomes.png")
    meta = run_metadata(vars(model.p), args.seed, args.steps, seconds=round(elapsed, 3))
    (out / "metadata.json").write_text(json.dumps(meta, indent=2, default=str))
    last = df.iloc[-52:].mean()
    print(f"ran {model.n} households x {args.steps} steps in {elapsed:.2f} s (seed {args.seed})")
    print("mean over the last 52 steps:")
    for name in ("participation_rate", "autonomy_index", "backlog", "mean_trust", "dependency"):
        print(f"  {name:<22} {last[name]:.3f}")
    print(f"wrote {out / 'outcomes.csv'}, {out / 'outcomes.png'}, {out / 'metadata.json'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(
        prog="microgov", description="Agent-based simulation of community micro-governance."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run one model and write its outcomes and plot")
    run.add_argument("--steps", type=int, default=260, help="steps (weeks); default 260")
    run.add_argument("--seed", type=int, default=42, help="random seed; default 42")
    run.add_argument(
        "--out", default="results/default", help="output folder; default results/default"
    )
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a model parameter (repeatable), e.g. --set admin_penetration=0.8",
    )
    run.set_defaults(func=run_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``microgov`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "steps", 1) < 1:
        parser.error(f"--steps {args.steps}: must be at least 1")
    try:
        return args.func(args)
    except UserError as exc:
        for line in str(exc).splitlines():
            print(f"microgov: error: {line}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
