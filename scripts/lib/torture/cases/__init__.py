"""The load and abuse cases of issues 3 and 8, one module each, each against
a freshly started real daemon (scripts/mediachanged) on 127.0.0.1, with the
real Swing dialogs on a private Xvfb.

CASES is the registry: a case's number is its place in it (scripts/torture
--only N), and its module's name starts with that number. Each module has a
TITLE and run(ctx, res), which fills res (a common.CaseResult: one line of
figures, PASS or FAIL, details for the log directory) and may raise, which
counts as a failure of the case."""

from . import (case1_slowloris, case2_long_lines, case3_churn, case4_hostile, case5_closers, case6_refusals,
               case7_stopped_gui, case8_bidi_text)
from .common import JAVA_OPTS, CaseResult, Context

__all__ = ["CASES", "JAVA_OPTS", "CaseResult", "Context", "run"]

CASES = (case1_slowloris, case2_long_lines, case3_churn, case4_hostile, case5_closers, case6_refusals,
         case7_stopped_gui, case8_bidi_text)

for _number, _case in enumerate(CASES, 1):
    assert _case.__name__.rsplit(".", 1)[1].startswith(f"case{_number}_"), _case.__name__


def run(number, case, ctx):
    """Runs one case; its CaseResult (a failure to run, other than an interruption, is a failed case)."""
    res = CaseResult(number, case.TITLE)
    try:
        case.run(ctx, res)
    except KeyboardInterrupt:
        raise
    except Exception as e:  # a harness or start-up failure is a failed case, not a crash
        res.failures.append(f"could not run: {type(e).__name__}: {e}")
    return res
