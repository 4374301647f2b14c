"""The import figure's baseline: ``ROWS_JSON DB`` inserts the bundles' rows into plain SQLite.

The same durability as the vault: WAL, synchronous=FULL, one transaction per bundle (each
bundle's rows, as ``sync_build.py`` kept them). A whole process, like the import it is set
against, so reading the rows and starting Python are in both.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

rows_file, database = Path(sys.argv[1]), Path(sys.argv[2])
bundles = json.loads(rows_file.read_text())
connection = sqlite3.connect(database, isolation_level=None)
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("PRAGMA synchronous=FULL")
connection.execute(
    "CREATE TABLE versions (version_id TEXT PRIMARY KEY, record_id TEXT NOT NULL, form_id TEXT,"
    " form_version TEXT, author_device TEXT, hlc TEXT, status TEXT, tombstone INTEGER,"
    " answers TEXT, saved_at TEXT)"
)
for rows in bundles:
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    connection.execute("COMMIT")
connection.close()
print(json.dumps({"rows": sum(len(rows) for rows in bundles)}))
