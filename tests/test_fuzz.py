"""Property tests: no generated input gives a traceback or an exit other than 0 and 2 (#14).

Three kinds of input, as the robustness review generated them:

* scenario and sweep files built from the keys the tool knows (and some it does not), with
  values of every TOML type and edge (huge integers, NaN, control characters, deep tables);
* real scenario files mutated character by character (mostly invalid TOML);
* parameter values given to the model from Python (any type, numpy scalars, huge integers).

Every message line must be one ``microgov: error:`` line with no unprintable character.
``python -m tests.test_fuzz [N]`` runs the same generators N times (default 2,400) and prints
tried / clean / defects, the figures of the closing note of issue #14.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import traceback
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microgov_sim import MicroGovModel
from microgov_sim.experiments.designs import DESIGNS
from microgov_sim.experiments.scenarios import SCENARIO_KEYS
from microgov_sim.experiments.sweeps import DESIGN_KEYS, RANGE_KEYS, SWEEP_KEYS
from microgov_sim.interfaces.cli import main
from microgov_sim.model.params import PARAMETERS, parameter_problem

REPO = Path(__file__).resolve().parent.parent
SCENARIO_TEXTS = sorted(p.read_text(encoding="utf-8") for p in (REPO / "scenarios").glob("*.toml"))
PARAMETER_NAMES = [spec.name for spec in PARAMETERS]
FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,  # files only in tmp_path: no .hypothesis folder
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# ---- generators ----------------------------------------------------------------------------

names = st.sampled_from(
    [*SCENARIO_KEYS, *SWEEP_KEYS, *DESIGN_KEYS, *RANGE_KEYS, *PARAMETER_NAMES[:12]]
) | st.text(min_size=1, max_size=12)
scalars = (
    st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([0, 1, 2, -1, 2**63, 10**400, 260, 5_000_000])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.text(max_size=20)
    | st.sampled_from(["status_quo", "../x", "/abs", ".", "", "a\x1b[31m", "sobol", "doorway"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(names, inner, max_size=4),
    max_leaves=12,
)


def toml_key(key: str) -> str:
    """A TOML key: bare if it can be, else a basic string with escapes."""
    if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key):
        return key
    return toml_string(key)


def toml_string(text: str) -> str:
    escaped = "".join(
        c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
        for c in text
        if ord(c) < 0x110000 and not 0xD800 <= ord(c) <= 0xDFFF
    )
    return f'"{escaped}"'


def toml_value(value) -> str:
    """``value`` as TOML text (an inline value)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)  # may be beyond TOML's 64 bits: the parser's problem, a clean one
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


@st.composite
def documents(draw) -> str:
    """A scenario or sweep file near the valid ones: known keys, wrong and edge values."""
    lines = []
    if draw(st.booleans()):
        lines.append(f"name = {toml_string(draw(st.sampled_from(['fz', '../up', 'a b', 'ok.1'])))}")
    if draw(st.booleans()):  # a sweep
        lines.append(f"base = {toml_string(draw(st.sampled_from(['status_quo', 'nope', ''])))}")
        method = draw(st.sampled_from([*DESIGNS, "nonsense"]))
        design = {"method": method, "samples": draw(scalars)}
        lines.append(f"design = {toml_value(design)}")
        vary = draw(st.dictionaries(st.sampled_from(PARAMETER_NAMES[:20]), values, max_size=3))
        lines.append(f"vary = {toml_value(vary)}")
    for key in draw(st.lists(st.sampled_from(["steps", "replications", "seed"]), max_size=3)):
        lines.append(f"{key} = {toml_value(draw(scalars))}")
    params = draw(st.dictionaries(st.sampled_from(PARAMETER_NAMES) | names, values, max_size=4))
    lines.append(f"params = {toml_value(params)}")
    timeline = draw(
        st.dictionaries(
            st.sampled_from(["1", "05", "+3", "157", "0", "x", "9999"]) | st.text(max_size=4),
            st.dictionaries(st.sampled_from(PARAMETER_NAMES[:15]), scalars, max_size=2),
            max_size=3,
        )
    )
    lines.append(f"timeline = {toml_value(timeline)}")
    extra = draw(st.dictionaries(names, values, max_size=2))
    lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in extra.items()]
    return "\n".join(dict.fromkeys(lines)) + "\n"


@st.composite
def mutated(draw) -> str:
    """A real scenario file with characters deleted, inserted or replaced."""
    text = draw(st.sampled_from(SCENARIO_TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        insert = draw(st.text(max_size=3) | st.sampled_from(["[", "]", "=", '"', "\n", "{", "0"]))
        cut = draw(st.integers(0, 3))
        text = text[:at] + insert + text[at + cut :]
    return text


# ---- the property --------------------------------------------------------------------------


def outcome(text: str, folder: Path, command: str) -> tuple[str, str]:
    """Run ``microgov validate`` (or a tiny ``run``) on ``text``: ("clean" | defect, detail)."""
    path = folder / "fuzz.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    args = ["validate", str(path)]
    if command == "run":
        args = ["run", str(path), "--out", str(folder / "out"), "--engine", "serial", "--quiet"]
        args += ["--steps", "2", "--replications", "1", "--set", "n_households=40", "--overwrite"]
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(args)
    except SystemExit as exc:  # argparse
        code = exc.code
    except BaseException:
        return "traceback", traceback.format_exc(limit=3)
    lines = err.getvalue().splitlines()
    if code not in (0, 2):
        return f"exit {code}", err.getvalue()
    if code == 2 and not lines:
        return "no message", ""
    for line in lines:
        if not line.startswith("microgov") or not line.isprintable():
            return "bad line", line
    return "clean", ""


@FUZZ
@given(text=documents())
def test_generated_files_validate_cleanly(tmp_path, text):
    assert outcome(text, tmp_path, "validate") == ("clean", "")


@FUZZ
@given(text=mutated())
def test_mutated_files_validate_cleanly(tmp_path, text):
    assert outcome(text, tmp_path, "validate") == ("clean", "")


@settings(FUZZ, max_examples=25)
@given(text=mutated())
def test_mutated_files_run_cleanly(tmp_path, text):
    assert outcome(text, tmp_path, "run") == ("clean", "")


api_values = (
    scalars
    | st.sampled_from([np.int64(300), np.float32(0.5), np.float64("nan"), np.int8(-3)])
    | st.lists(scalars, max_size=2)
    | st.none()
)


@FUZZ
@given(name=st.sampled_from(PARAMETER_NAMES), value=api_values)
def test_any_parameter_value_is_accepted_or_named(name, value):
    problem = parameter_problem(name, value)
    if problem is None:
        return
    assert problem.key == name
    with pytest.raises(ValueError, match=rf"^{name} = "):
        MicroGovModel(rng=0, **{name: value})


# ---- the survey behind the closing note ----------------------------------------------------


def survey_kind(strategy, n: int) -> tuple[dict[str, int], dict[str, str]]:
    """Validate ``n`` files drawn from ``strategy``: the count and one example per outcome."""
    tally: dict[str, int] = {}
    examples: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:

        @settings(FUZZ, max_examples=n, phases=["generate"])
        @given(text=strategy)
        def check(text):
            result, detail = outcome(text, Path(folder), "validate")
            tally[result] = tally.get(result, 0) + 1
            examples.setdefault(result, detail)

        check()
    return tally, examples


def survey(n: int) -> None:
    """Run each file generator ``n`` times; print tried / clean / defects per kind."""
    for kind, strategy in {"generated": documents(), "mutated": mutated()}.items():
        tally, examples = survey_kind(strategy, n)
        tried, clean = sum(tally.values()), tally.get("clean", 0)
        print(f"{kind}: tried {tried}, clean {clean}, defects {tried - clean}")
        for result, detail in examples.items():
            if result != "clean":
                print(f"  {result}: {detail[-300:]}")


if __name__ == "__main__":
    survey(int(sys.argv[1]) if len(sys.argv) > 1 else 2400)
