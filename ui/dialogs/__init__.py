"""Dialogs of the desktop app: create, unlock, recovery code, errors."""
