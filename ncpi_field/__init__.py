"""NCPI Field core: the encrypted vault, records and versions, with no Qt in sight."""

import os

__version__ = "0.1.0"

# python-docx (the written debrief) brings lxml, and openpyxl prefers lxml over defusedxml when
# it is installed: workbooks must be read through defusedxml (xlsform/safexml.py refuses
# otherwise), so openpyxl is told to leave lxml alone. Set here, before anything imports
# openpyxl. An explicit OPENPYXL_LXML=True from the environment is overridden on purpose.
os.environ["OPENPYXL_LXML"] = "False"
