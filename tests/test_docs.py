"""docs/ODD.md stays true to the code: parameters, outcomes and submodel references."""

import re
from pathlib import Path

from microgov_sim import OUTCOMES
from microgov_sim.model.outcomes import outcome_table_markdown
from microgov_sim.model.params import PARAMETERS, parameter_table_markdown

ROOT = Path(__file__).resolve().parent.parent
ODD = (ROOT / "docs" / "ODD.md").read_text()


def test_parameter_table_matches_code():
    start, end = "<!-- parameter-table:start -->\n", "\n<!-- parameter-table:end -->"
    table = ODD.split(start)[1].split(end)[0]
    assert table == parameter_table_markdown(), "run: python scripts/update_odd_table.py"


def test_outcome_table_matches_code():
    start, end = "<!-- outcome-table:start -->\n", "\n<!-- outcome-table:end -->"
    table = ODD.split(start)[1].split(end)[0]
    assert table == outcome_table_markdown(), "run: python scripts/update_odd_table.py"


def test_every_parameter_and_outcome_is_documented():
    for p in PARAMETERS:
        assert f"`{p.name}`" in ODD
    for name in OUTCOMES:
        assert f"`{name}`" in ODD, name


def test_odd_sections_named_in_code_exist():
    code = "\n".join(p.read_text() for p in (ROOT / "microgov_sim").rglob("*.py"))
    cited = set(re.findall(r"ODD (\d+(?:\.\d+)?)", code))
    headings = set(re.findall(r"^###? (\d+(?:\.\d+)?)[ .]", ODD, flags=re.M))
    assert cited
    assert cited <= headings, cited - headings


def test_names_in_odd_exist_in_code():
    """Every snake_case name quoted in the ODD is a parameter, outcome or name in the code."""
    code = "\n".join(p.read_text() for p in (ROOT / "microgov_sim").rglob("*.py"))
    quoted = set(re.findall(r"`([a-z][a-z0-9]*_[a-z0-9_]+)`", ODD))
    notation = {"a_k", "cov_g", "s_ik"}  # maths symbols of the ODD, not code names
    notation |= {"a_p", "a_o", "last_h", "acted_i", "c_i", "e_i", "x_b"}  # §7.11 formulas
    notation |= {"last_met_b", "last_acted_b"}
    missing = {name for name in quoted - notation if name not in code}
    assert not missing, missing


def code_map() -> list[tuple[str, str, str]]:
    """Rows (element, files, names) of the ODD's table of where each element lives."""
    table = ODD.split("**Where each element lives in the code**")[1].split("\n\n")[1]
    rows = [line.split("|")[1:4] for line in table.splitlines()[2:]]
    return [(e.strip(), f.strip(), n.strip()) for e, f, n in rows]


def test_every_file_in_the_odd_code_map_exists_and_holds_its_names():
    base = ROOT / "microgov_sim" / "model"
    for element, files, names in code_map():
        paths = [(base / f).resolve() for f in re.findall(r"`([\w./]+\.py)`", files)]
        assert paths, element
        for path in paths:
            assert path.is_file(), (element, path)
        source = "\n".join(p.read_text() for p in paths)
        for name in re.findall(r"`(\w+)`", names):
            assert re.search(rf"\b(def|class) {name}\b", source), (element, name)


def test_every_submodel_module_is_in_the_odd_code_map():
    named = {f for _, files, _ in code_map() for f in re.findall(r"`([\w./]+\.py)`", files)}
    submodels = ROOT / "microgov_sim" / "model" / "submodels"
    for path in submodels.glob("*.py"):
        if path.name != "__init__.py":
            assert f"submodels/{path.name}" in named, path.name


def test_readme_layout_names_every_module():
    readme = (ROOT / "README.md").read_text()
    layout = readme.split("## Layout\n")[1].split("\n## ")[0]
    submodels = layout.split("submodels/")[1].split("params.py")[0]
    for path in (ROOT / "microgov_sim").rglob("*.py"):
        if path.name == "__init__.py":
            continue
        if path.parent.name == "submodels":  # listed by name on the submodels/ line
            assert re.search(rf"\b{path.stem}\b", submodels), path.relative_to(ROOT)
        else:
            assert re.search(rf"(?<![\w/]){path.name}", layout), path.relative_to(ROOT)
