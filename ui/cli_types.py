"""Types the command modules share: how each registers its subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeAlias

AddOptions: TypeAlias = Callable[[argparse.ArgumentParser], None]
# A string: _SubParsersAction is not subscriptable at run time.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
