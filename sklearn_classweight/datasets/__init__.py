"""Tools to build imbalanced data sets for experiments."""

from ._long_tailed import make_long_tailed

__all__ = ["make_long_tailed"]
