"""NCPI Field core: the encrypted vault, records and versions, with no Qt in sight."""

__version__ = "0.1.0"
