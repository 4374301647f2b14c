"""The faces of NCPI Field: the Qt desktop app and the command line."""
