"""Tests of the one percentile definition and the summaries (python3 -m unittest, run by scripts/test)."""

import doctest
import math
import unittest

from harness import stats
from harness.stats import Summary, describe, informative, median, percentile, summarize


def load_tests(loader, tests, ignore):
    tests.addTests(doctest.DocTestSuite(stats))
    return tests


class PercentileTest(unittest.TestCase):

    def test_nearest_rank_of_a_textbook_series(self):
        values = [35, 20, 15, 50, 40]  # the order given does not matter
        self.assertEqual([percentile(values, p) for p in (0, 5, 30, 40, 50, 100)], [15, 15, 20, 20, 35, 50])

    def test_always_a_measured_value(self):
        values = [1.0, 2.0, 3.0, 4.0]
        for p in range(101):
            self.assertIn(percentile(values, p), values)

    def test_median_of_an_even_count_is_the_lower_middle_value(self):
        self.assertEqual(median([10, 40, 20, 30]), 20)
        self.assertEqual(median([7]), 7)

    def test_p95_and_p99_of_20_and_100_values(self):
        twenty = list(range(1, 21))
        self.assertEqual(percentile(twenty, 95), 19)
        self.assertEqual(percentile(twenty, 99), 20)
        hundred = list(range(1, 101))
        self.assertEqual(percentile(hundred, 99), 99)
        self.assertEqual(percentile(hundred, 99.9), 100)

    def test_agrees_with_server_core_bench(self):
        # ServerCoreBench.percentile: sorted[ceil(p / 100.0 * n) - 1], clamped to the array.
        for n in range(1, 400):
            values = list(range(n))
            for p in (50, 95, 99):
                java = values[max(0, min(n - 1, math.ceil(p / 100.0 * n) - 1))]
                self.assertEqual(percentile(values, p), java, (n, p))

    def test_empty_and_out_of_range(self):
        self.assertTrue(math.isnan(percentile([], 50)))
        with self.assertRaises(ValueError):
            percentile([1], 101)


class SummaryTest(unittest.TestCase):

    def test_percentiles_that_would_be_the_maximum_are_left_out(self):
        self.assertEqual((informative(95, 19), informative(95, 20)), (False, True))
        self.assertEqual((informative(99, 99), informative(99, 100)), (False, True))
        self.assertEqual(summarize(range(1, 20)), Summary(19, 10, None, None, 1, 19))
        self.assertEqual(summarize(range(1, 101)), Summary(100, 50, 95, 99, 1, 100))

    def test_describe(self):
        self.assertEqual(describe(summarize([0.1] * 150 + [2.5, 5.4]), "ms"),
                         "median 0.1, p95 0.1, p99 2.5, max 5.4 ms")
        self.assertEqual(describe(summarize([12.0, 75.0]), "ms"), "median 12.0, max 75.0 ms")
        self.assertEqual(describe(stats.single(94.09), "MiB"), "median 94.09 MiB")
        self.assertEqual(describe(summarize([]), "ms"), "no values")

    def test_number_follows_the_unit(self):
        self.assertEqual([stats.number(v, u) for v, u in ((7130.4, "req/s"), (110.6, "us"), (0.176, "MiB"),
                                                          (11.64, "ms"), (1750.2, "ms"), (None, "ms"))],
                         ["7130", "111", "0.18", "11.6", "1750", "-"])


if __name__ == "__main__":
    unittest.main()
