"""Package data: the Qt stylesheet, the app icon and report templates."""
