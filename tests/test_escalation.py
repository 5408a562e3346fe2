"""The escalation matrix: one record list behind the page, its CSV download and `policybook export`."""

from __future__ import annotations

import csv
import io
import json

from conftest import run_cli
from policybook.escalation import COLUMNS, escalation_matrix, to_csv
from policybook.loading import load_handbook
from policybook.model import Status
from policybook.rendering.escalation import escalation_downloads, escalation_matrix_page
from policybook.sitemap import ESCALATION_CSV


def test_every_active_policy_once_and_nothing_else(sample):
    routes = escalation_matrix(sample)
    active = sorted(d.id for d in sample.policies if d.meta.status is Status.active)
    assert sorted(route.policy_id for route in routes) == active
    assert len(active) >= 16
    areas = [route.area for route in routes]
    assert areas == sorted(areas, key=list(sample.config.areas).index)  # grouped by area, in settings order


def test_a_route_says_who_and_how_fast(sample):
    route = next(r for r in escalation_matrix(sample) if r.policy_id == "POL-HS-001")
    segment = sample.by_id["PRC-UR-004"].meta
    team = sample.teams["hate-harassment-policy"]
    assert (route.owner_name, route.contact_name, route.contact_channel) == (team.name, team.escalation.name, team.escalation.channel)
    assert (route.segment_id, route.segment_title) == ("PRC-UR-004", "Specialist escalation")
    assert route.sla == {"sev0": segment.sla.sev0, "sev1": segment.sla.sev1, "sev2": segment.sla.sev2, "sev3": segment.sla.sev3}
    assert route.severity == "sev1" and route.sla_at_severity == segment.sla.sev1


def test_page_lists_every_active_policy_by_area_and_links_the_csv(sample):
    page = escalation_matrix_page(sample)
    for route in escalation_matrix(sample):
        row = next(line for line in page.splitlines() if line.startswith(f"| [{route.policy_id} "))
        assert route.contact_name in row and f"`{route.contact_channel}`" in row
        assert f"[{route.segment_id} {route.segment_title}]" in row
        assert f"`{route.severity}` **" in row  # the time at the policy's own tier stands out
    for folder in {route.area for route in escalation_matrix(sample)}:
        assert f"{{#{folder}}}" in page
    assert f"]({ESCALATION_CSV})" in page
    assert "POL-HS-003" not in page  # retired


def test_csv_download_and_cli_export_are_the_same_records(sample, tmp_path):
    download = escalation_downloads(sample)[ESCALATION_CSV]
    rows = list(csv.DictReader(io.StringIO(download)))
    assert tuple(rows[0]) == COLUMNS
    assert [row["policy_id"] for row in rows] == [route.policy_id for route in escalation_matrix(sample)]
    hate = next(row for row in rows if row["policy_id"] == "POL-HS-001")
    assert (hate["segment_id"], hate["sla_sev0"], hate["sla_at_severity"]) == ("PRC-UR-004", "PT30M", "PT4H")
    exported = run_cli("export", "escalation-matrix")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.replace("\r\n", "\n") == download.replace("\r\n", "\n")
    written = tmp_path / "matrix.csv"
    result = run_cli("export", "escalation-matrix", "--output", str(written))
    assert result.returncode == 0 and written.read_bytes() == download.encode("utf-8")
    document = json.loads(run_cli("export", "escalation-matrix", "--format", "json").stdout)
    assert document["columns"] == list(COLUMNS) and document["routes"] == rows


def test_policy_without_escalation_segment_still_has_its_contact(tmp_handbook):
    path = tmp_handbook.root / "policies/hate-speech/hate-speech.md"
    path.write_text(path.read_text().replace("escalation_segment: PRC-UR-004\n", ""))
    handbook = load_handbook(tmp_handbook.root)
    route = next(r for r in escalation_matrix(handbook) if r.policy_id == "POL-HS-001")
    assert route.segment_id == "" and route.sla == {} and route.contact_name
    row = next(line for line in escalation_matrix_page(handbook).splitlines() if line.startswith("| [POL-HS-001 "))
    assert row.endswith("| Not set: ask the owner's contact | — |")
    assert next(r for r in csv.DictReader(io.StringIO(to_csv([route]))))["sla_sev0"] == ""


def test_export_refuses_an_unwritable_file(tmp_path):
    result = run_cli("export", "escalation-matrix", "--output", str(tmp_path / "missing" / "matrix.csv"))
    assert result.returncode == 2 and "cannot write" in result.stderr and "Traceback" not in result.stderr
