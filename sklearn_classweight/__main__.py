"""``python -m sklearn_classweight``: the demonstration (``--help`` for options)."""

from ._demo import main

if __name__ == "__main__":
    main()
