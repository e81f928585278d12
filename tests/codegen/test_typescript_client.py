"""The TypeScript client: type-checks under the strictest flags, and its Node tests pass
against a live server started here (the subprocess runs while this loop serves it)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess

import pytest

from codegen.generate import TS_PACKAGE

TSC = TS_PACKAGE / "node_modules" / ".bin" / "tsc"
STRICT = ["--strict", "--exactOptionalPropertyTypes", "--noUncheckedIndexedAccess"]


@pytest.fixture(scope="module")
def compiled() -> None:
    """Compile src and test to dist/ with the strict flags (also set in tsconfig.json)."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    assert TSC.exists(), "run `npm ci` in codegen/typescript (scripts/test does)"
    done = subprocess.run(
        [str(TSC), "-p", "tsconfig.json", *STRICT],
        cwd=TS_PACKAGE,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_package_type_checks_strictly(compiled: None) -> None:
    assert (TS_PACKAGE / "dist" / "src" / "generated" / "client.js").exists()
    assert (TS_PACKAGE / "dist" / "test" / "client.test.js").exists()


async def test_node_tests_pass_against_a_live_server(compiled: None, live_url: str) -> None:
    proc = await asyncio.create_subprocess_exec(
        "node",
        "--test",
        "--test-reporter=tap",
        "dist/test/",
        cwd=TS_PACKAGE,
        env={**os.environ, "JIDOCODE_TEST_URL": live_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(proc.communicate(), timeout=300)
    text = output.decode(errors="replace")
    assert proc.returncode == 0, text
    passed = re.search(r"^# pass (\d+)$", text, re.MULTILINE)
    failed = re.search(r"^# fail (\d+)$", text, re.MULTILINE)
    assert passed, text
    assert failed, text
    assert int(failed.group(1)) == 0, text
    assert int(passed.group(1)) >= 8, text
