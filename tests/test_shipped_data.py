"""The instruments and resources are found where they were installed, whatever is on sys.path.

``forms`` and ``resources`` are generic names: a folder called that earlier on the path (a user's
working folder, another project) must not hide the shipped ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
import forms, resources
print(forms.__file__)
print(resources.__file__)
from ncpi_field import formstore
print(",".join(form.form_id for form in formstore.installed_forms()))
print(formstore.installed("case_audit")[2])
from ui import style
print(len(style.stylesheet()) > 0, len(style.read_resource(style.ICON)) > 0)
"""


def test_stray_forms_and_resources_folders_first_on_the_path_hide_nothing(tmp_path: Path) -> None:
    for name in ("forms", "resources"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text('"""A stray package."""\n')
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    ).stdout.splitlines()
    # The probe really ran with the stray packages winning the import...
    assert out[0] == str(tmp_path / "forms" / "__init__.py")
    assert out[1] == str(tmp_path / "resources" / "__init__.py")
    # ...and still found every shipped instrument and resource.
    assert out[2] == "case_audit,debrief,inspection,observation,reality_test"
    assert out[3] == "case_audit.xlsx"
    assert out[4] == "True True"
