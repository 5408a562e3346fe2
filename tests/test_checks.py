"""Checks across documents: IDs, folders, owners, translations (policybook.checks)."""

from __future__ import annotations

from conftest import POLICY, PROCESS


def found(diagnostics):
    return [(d.path, d.line, d.code) for d in diagnostics]


def test_duplicate_id_wrong_folder_and_unknown_owner_all_reported(tmp_handbook):
    tmp_handbook.write("policies/hate-speech/hate-speech.md", POLICY)
    tmp_handbook.write("policies/hate-speech/copy.md", POLICY.replace("owner: hate-harassment-policy", "owner: hate-harasment-policy"))
    tmp_handbook.write("policies/harassment/moved.md", POLICY.replace("id: POL-HS-001", "id: POL-HS-007"))
    result = tmp_handbook.diagnostics()
    assert sorted(found(result)) == sorted([
        ("policies/harassment/moved.md", 7, "LAY001"),
        ("policies/harassment/moved.md", 2, "ID002"),
        ("policies/harassment/moved.md", 2, "PRC013"),  # a new active policy no segment applies yet
        ("policies/hate-speech/hate-speech.md", 2, "ID001"),
        ("policies/hate-speech/copy.md", 11, "TEAM001"),
    ])
    by_code = {d.code: d for d in result}
    assert by_code["ID001"].message == "ID POL-HS-001 is already used by policies/hate-speech/copy.md"
    assert by_code["TEAM001"].hint == "did you mean 'hate-harassment-policy'?"
    assert by_code["LAY001"].message == "area is 'hate-speech' but the file is in 'harassment/'"


def test_checks_still_run_on_a_page_with_an_invalid_field(tmp_handbook):
    text = POLICY.replace("severity: sev1", "severity: 9").replace("owner: hate-harassment-policy", "owner: nobody")
    tmp_handbook.write("policies/hate-speech/hate-speech.md", text)
    assert sorted(d.code for d in tmp_handbook.diagnostics()) == ["FM008", "TEAM001"]


def test_unknown_area_is_named_with_a_suggestion(tmp_handbook):
    tmp_handbook.write("policies/hate-speeches/x.md", POLICY.replace("area: hate-speech", "area: hate-speeches"))
    result = [d for d in tmp_handbook.diagnostics() if d.code == "LAY002"]
    assert [(d.line, d.hint) for d in result] == [(7, "did you mean 'hate-speech'?")]


def test_process_role_team_must_be_registered(tmp_handbook):
    text = PROCESS.replace("team: regulatory-compliance", "team: legal")
    tmp_handbook.write("processes/user-reports/intake.md", text)
    line = next(i for i, l in enumerate(text.split("\n"), 1) if "team: legal" in l)
    assert [(d.line, d.code) for d in tmp_handbook.diagnostics()] == [(line, "TEAM001")]


def test_translation_needs_a_source_and_a_configured_locale(tmp_handbook):
    translation = "---\ntitle: Discurso de odio\ntranslated_from:\n  version: 2.1.0\n  digest: sha256:" + "0" * 64 + "\n---\nTexto.\n"
    tmp_handbook.write("policies/hate-speech/missing.es.md", translation)
    tmp_handbook.write("policies/hate-speech/hate-speech.xx.md", translation)
    assert found(tmp_handbook.diagnostics()) == [
        ("policies/hate-speech/hate-speech.xx.md", 0, "L10N002"),
        ("policies/hate-speech/missing.es.md", 1, "L10N001"),
    ]
