"""`policybook schema`: JSON Schemas generated from the models accept the sample and reject bad input."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from conftest import REPO, run_cli
from policybook.documents import Kind


def as_json(value):
    """What an editor's YAML language server sees: dates as strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.fixture(scope="module")
def schemas():
    result = run_cli("schema")
    assert result.returncode == 0
    return {name: jsonschema.Draft202012Validator(schema) for name, schema in json.loads(result.stdout).items()}


def test_every_schema_is_valid_json_schema(schemas):
    assert set(schemas) == {"policy", "process", "translation", "page-translation", "locale-names", "teams", "glossary",
                            "config"}
    for validator in schemas.values():
        jsonschema.Draft202012Validator.check_schema(validator.schema)


def test_every_sample_file_is_accepted(schemas, sample):
    assert sample.documents, "the sample handbook has no pages"
    kinds = {Kind.policy: "policy", Kind.process: "process", Kind.translation: "translation"}
    for document in sample.documents:
        errors = list(schemas[kinds[document.kind]].iter_errors(as_json(document.yaml.data)))
        assert errors == [], f"{document.path}: {errors[0].message if errors else ''}"
    data_files = {"teams": "docs/teams.yml", "config": "policybook.yml"}
    data_files |= {"glossary": path.relative_to(REPO).as_posix() for path in sorted((REPO / "docs/glossary").glob("*.yml"))[:1]}
    for name, path in data_files.items():
        data = as_json(yaml.safe_load((REPO / path).read_text("utf-8")))
        assert list(schemas[name].iter_errors(data)) == [], path
    for page in sample.site_pages:  # the home page's translations
        if page.translation is not None:
            assert list(schemas["page-translation"].iter_errors(as_json(page.yaml.data))) == [], page.path
    for path in sorted((REPO / "docs/locales").glob("*.yml")):
        assert list(schemas["locale-names"].iter_errors(as_json(yaml.safe_load(path.read_text("utf-8"))))) == [], path


def test_bad_front_matter_is_rejected_with_the_reason(schemas, sample):
    data = as_json(sample.by_id["POL-HS-001"].yaml.data)
    bad = {**data, "efective": data["effective"], "severity": "high"}
    del bad["effective"]
    bad["dsa"] = {**bad["dsa"], "category": "STATEMENT_CATEGORY_NOPE"}
    messages = sorted(error.message for error in schemas["policy"].iter_errors(bad))
    assert any("'effective' is a required property" in m for m in messages)
    assert any("'efective' was unexpected" in m for m in messages)
    assert any("'high' is not one of" in m for m in messages)
    assert any("'STATEMENT_CATEGORY_NOPE' is not one of" in m for m in messages)


def test_schema_files_are_written_for_editors(tmp_path):
    result = run_cli("schema", "--output", str(tmp_path))
    assert result.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "config.schema.json", "glossary.schema.json", "locale-names.schema.json", "page-translation.schema.json",
        "policy.schema.json", "process.schema.json", "teams.schema.json", "translation.schema.json",
    ]
