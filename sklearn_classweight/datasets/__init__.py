"""Tools to build imbalanced data sets for experiments."""

from ._long_tailed import class_count_report, make_long_tailed

__all__ = ["class_count_report", "make_long_tailed"]
