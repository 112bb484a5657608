"""The README's Python example runs as written (on a copy of seeds/)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, SEEDS

import transmgmt


def test_readme_python_api_example(tmp_path: Path) -> None:
    """The example under "Python API" runs and its assertions hold."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    shutil.copytree(SEEDS, tmp_path / "seeds")
    # Run against the transmgmt this test imports (installed or a source tree).
    package_parent = str(Path(transmgmt.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": package_parent}
    result = subprocess.run([sys.executable, "-c", code.group(1)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["source-pending", "zh-Hans 2021-06-25"]
