"""Benchmarks of sklearn-classweight: scripts that print tables and save them.

Run each one as a module from the repository root, e.g.
``python -m benchmarks.quality --help``; the results, with the command that
made them, go to ``benchmarks/results/``. Shared code: ``_tasks.py`` (data
sets, imbalance tasks, base models), ``_methods.py`` (the compared
corrections) and ``_report.py`` (printing and saving).
"""
