import importlib.util

# Importing __main__ would run the demo during doctest collection.
collect_ignore = ["sklearn_classweight/__main__.py"]

# Docstring examples that plot need the optional matplotlib: skip them cleanly
# where it is missing, as the tests that need it do.
if importlib.util.find_spec("matplotlib") is None:
    collect_ignore.append("sklearn_classweight/_display.py")
