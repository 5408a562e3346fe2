"""The live preview's checking companion: the same findings as checking in-process, after every edit."""

from __future__ import annotations

import pytest

from policybook.checks import run_checks
from policybook.companion import Companion, CompanionError
from policybook.loading import ConfigError, load_handbook

POLICY = "policies/hate-speech/hate-speech.md"


@pytest.fixture
def companion(tmp_handbook):
    running = Companion(tmp_handbook.root)
    yield running
    running.close()


def test_the_companion_finds_what_the_checks_find_after_each_edit(tmp_handbook, companion):
    companion.request()
    assert companion.findings() == run_checks(load_handbook(tmp_handbook.root))
    page = tmp_handbook.root / POLICY
    page.write_text(page.read_text("utf-8") + "\nSee [the old rule][POL-ZZ-998].\n", "utf-8")
    companion.request()
    findings = companion.findings()
    assert findings == run_checks(load_handbook(tmp_handbook.root))
    assert any(d.path == POLICY and "POL-ZZ-998" in d.message for d in findings)


def test_an_invalid_configuration_is_raised_as_loading_raises_it(tmp_handbook, companion):
    (tmp_handbook.root / "policybook.yml").unlink()
    companion.request()
    with pytest.raises(ConfigError, match="no policybook.yml"):
        companion.findings()


def test_an_answer_left_uncollected_is_skipped_and_a_stopped_companion_is_restarted(tmp_handbook, companion):
    companion.request()
    companion.request()  # the rebuild that asked first stopped before collecting
    expected = run_checks(load_handbook(tmp_handbook.root))
    assert companion.findings() == expected
    companion.request()
    companion._process.kill()  # noqa: SLF001 - a crash, as the preview would meet it
    with pytest.raises(CompanionError, match="stopped"):
        companion.findings()
    companion.request()
    assert companion.findings() == expected
