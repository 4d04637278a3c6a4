"""``python -m tradetriage``: the same as the ``tradetriage`` console script."""

from tradetriage.cli import main

main()
