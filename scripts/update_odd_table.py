"""Regenerate the parameter and outcome tables in docs/ODD.md from the declarations in code.

The parameter table comes from microgov_sim/model/params.py, the outcome table from the outcome
catalogue in microgov_sim/model/outcomes.py.
"""

from pathlib import Path

from microgov_sim.model.outcomes import outcome_table_markdown
from microgov_sim.model.params import parameter_table_markdown

TABLES = {"parameter-table": parameter_table_markdown(), "outcome-table": outcome_table_markdown()}
odd = Path(__file__).resolve().parent.parent / "docs" / "ODD.md"
text = odd.read_text()
for marker, table in TABLES.items():
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    head, rest = text.split(start)
    _, tail = rest.split(end)
    text = f"{head}{start}\n{table}\n{end}{tail}"
odd.write_text(text)
print(f"updated {odd}")
