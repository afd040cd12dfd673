# Importing __main__ would run the demo during doctest collection.
collect_ignore = ["sklearn_classweight/__main__.py"]
