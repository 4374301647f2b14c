"""The app's sync screens: the team, bundle export and import, and conflicts to resolve."""
