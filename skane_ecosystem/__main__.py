"""``python -m skane_ecosystem`` runs the command line, like ``skane-eco``."""

from .cli import main

if __name__ == "__main__":
    main()
