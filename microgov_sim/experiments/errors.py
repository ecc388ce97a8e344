"""The user's mistakes, reported in words rather than tracebacks.

Imports the model's message helper only: every stage above the model may raise these.
"""

from __future__ import annotations

from ..model.params import printable


class UserError(ValueError):
    """A problem in the user's input (file, option or parameter).

    The message holds one line per problem, each naming the file, the key, the value given
    and what is allowed; unprintable characters in a problem are escaped, so that each stays
    one line. The ``microgov`` command prints it without a traceback and exits
    with code 2; Python callers can catch it as a ``ValueError``.
    """

    def __init__(self, problems: str | list[str]):
        given = [problems] if isinstance(problems, str) else list(problems)
        self.problems = [printable(problem) for problem in given]
        super().__init__("\n".join(self.problems))
