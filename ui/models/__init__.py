"""Qt item models over the core: ids and a row cache, never live database objects."""
