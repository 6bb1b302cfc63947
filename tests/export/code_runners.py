"""Run many generated programs in one child process per language and collect what each prints.

A worker reads a JSON list of program texts on stdin, runs each in a fresh namespace (Python `exec`,
Node `vm.runInNewContext`) with its printed output captured, and writes a JSON list of outputs; a program
that raises yields "ERROR: …" instead. One process per batch keeps the corpus run to a few seconds.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / ".ci" / "node" / "node_modules"

_PY_WORKER = r"""
import contextlib, io, json, sys
outputs = []
for source in json.load(sys.stdin):
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            exec(compile(source, "<generated>", "exec"), {"__name__": "__main__"})
        outputs.append(buffer.getvalue())
    except Exception as err:
        outputs.append(f"ERROR: {type(err).__name__}: {err}")
sys.stdout.write(json.dumps(outputs))
"""

_NODE_WORKER = r"""
const vm = require('vm');
const programs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const outputs = programs.map((source) => {
  const lines = [];
  const console = { log: (...args) => lines.push(args.join(' ')) };
  try {
    vm.runInNewContext(source, { require, console });
    return lines.join('\n') + '\n';
  } catch (err) {
    return 'ERROR: ' + err;
  }
});
process.stdout.write(JSON.stringify(outputs));
"""


def python_missing() -> str | None:
    """Why the Python programs cannot run here, or None when they can."""
    if importlib.util.find_spec("twilio") is None:
        return "the twilio package is not installed (pip install -e '.[test]')"
    return None


def node_missing() -> str | None:
    """Why the Node programs cannot run here, or None when they can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (NODE_MODULES / "twilio").is_dir():
        return f"the npm package twilio is not installed in {NODE_MODULES} (.ci/run installs it)"
    return None


def run_python(programs: list[str]) -> list[str]:
    """What each Python program prints, run with this interpreter (which has twilio installed)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-c", _PY_WORKER], input=json.dumps(programs), capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120, check=True)
    return json.loads(done.stdout)


def run_node(programs: list[str]) -> list[str]:
    """What each Node program prints, with twilio-node from .ci/node."""
    env = dict(os.environ, NODE_PATH=str(NODE_MODULES))
    done = subprocess.run(["node", "-e", _NODE_WORKER], input=json.dumps(programs), capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120, check=True)
    return json.loads(done.stdout)
