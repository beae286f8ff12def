"""The one definition of a percentile, and the one summary of a series, for
every figure scripts/bench and scripts/torture print.

Nearest rank: the p-th percentile of n values is the smallest of them that
at least p % of the values are less than or equal to, that is the value of
rank ceil(p * n / 100) in ascending order (rank 1 for p = 0). It is always a
measured value, never one interpolated between two. The median is the 50th
percentile by the same rule, so for an even count it is the lower of the two
middle values. mediachange-bench's ServerCoreBench (whose p50, p95 and p99
scripts/bench prints in section 5) computes its percentiles the same way.

By this definition p95 of fewer than 20 values, and p99 of fewer than 100,
is the maximum itself; summaries leave such a percentile out (None) rather
than print the maximum under another name.

    >>> percentile([15, 20, 35, 40, 50], 30)
    20
    >>> percentile([15, 20, 35, 40, 50], 100)
    50
    >>> median([4, 1, 3, 2])
    2
    >>> describe(summarize([float(x) for x in range(1, 21)]), "ms")
    'median 10.0, p95 19.0, max 20.0 ms'
"""

import math
from fractions import Fraction
from typing import NamedTuple, Optional


def percentile(values, p):
    """The p-th percentile (0 <= p <= 100) of values by nearest rank; NaN if there are none."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} is not between 0 and 100")
    ordered = sorted(values)
    if not ordered:
        return math.nan
    # Exact arithmetic: 95 * 20 / 100 must be rank 19, not 19.000000000000004 rounded up to 20.
    rank = max(1, math.ceil(Fraction(str(p)) * len(ordered) / 100))
    return ordered[rank - 1]


def median(values):
    """The 50th percentile by nearest rank (for an even count, the lower middle value)."""
    return percentile(values, 50)


def informative(p, n):
    """Whether the p-th percentile of n values can differ from their maximum (p95: n >= 20; p99: n >= 100)."""
    return n * (100 - p) >= 100


class Summary(NamedTuple):
    """A series in figures; a field is None where it was not measured or says nothing the others do not."""

    n: int
    median: Optional[float]
    p95: Optional[float] = None
    p99: Optional[float] = None
    min: Optional[float] = None
    max: Optional[float] = None


def summarize(values):
    """The Summary of a series of measurements."""
    values = list(values)
    n = len(values)
    if not n:
        return Summary(0, None)
    return Summary(n, median(values),
                   percentile(values, 95) if informative(95, n) else None,
                   percentile(values, 99) if informative(99, n) else None,
                   min(values), max(values))


def single(value):
    """The Summary of one figure (a measurement made once, or computed from others)."""
    return Summary(1, value)


def number(value, unit):
    """A figure as printed, in as many digits as its unit warrants; '-' for None."""
    if value is None:
        return "-"
    if unit in ("req/s", "us"):
        return "%.0f" % value
    if unit in ("MiB", "x"):
        return "%.2f" % value
    return "%.1f" % value if value < 1000 else "%.0f" % value


def describe(summary, unit):
    """One line for a series: 'median 12.3, p95 40.1, p99 61.0, max 75.0 ms', percentiles that say
    nothing beyond the maximum left out; 'no values' for an empty series."""
    if not summary.n:
        return "no values"
    parts = [("median", summary.median), ("p95", summary.p95), ("p99", summary.p99), ("max", summary.max)]
    return ", ".join(f"{name} {number(v, unit)}" for name, v in parts if v is not None) + " " + unit
