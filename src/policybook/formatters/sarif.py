"""SARIF 2.1.0, the format code-scanning dashboards and many editors import."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TextIO

from policybook.diagnostics import CODES, Diagnostic, Level

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Level.error: "error", Level.warning: "warning", Level.info: "note"}


def _tool_version() -> str:
    try:
        return version("policybook")
    except PackageNotFoundError:  # running from a source tree
        return "0.0.0"


def sarif_log(diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """The SARIF log: one run, every catalogued code as a rule, one result per diagnostic."""
    rules = [
        {
            "id": code.code,
            "name": "".join(word.capitalize() for word in code.title.split()),
            "shortDescription": {"text": code.title},
            "fullDescription": {"text": code.explanation},
            "help": {"text": code.fix},
            "defaultConfiguration": {"level": _LEVELS[code.level]},
        }
        for code in CODES.values()
    ]
    index = {code: position for position, code in enumerate(CODES)}
    results = []
    for diagnostic in diagnostics:
        region: dict[str, int] = {}
        if diagnostic.line:
            region["startLine"] = diagnostic.line
            if diagnostic.column:
                region["startColumn"] = diagnostic.column
            if diagnostic.end_column and diagnostic.end_column > diagnostic.column:
                region["endColumn"] = diagnostic.end_column
        physical: dict[str, Any] = {"artifactLocation": {"uri": diagnostic.path, "uriBaseId": "%SRCROOT%"}}
        if region:
            physical["region"] = region
        message = diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else "")
        result: dict[str, Any] = {
            "ruleId": diagnostic.code,
            "level": _LEVELS[diagnostic.level],
            "message": {"text": message},
            "locations": [{"physicalLocation": physical}],
        }
        if diagnostic.code in index:
            result["ruleIndex"] = index[diagnostic.code]
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "Policybook", "version": _tool_version(), "informationUri": "https://policybook.invalid/",
                                "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The handbook repository root."}}},
            "results": results,
        }],
    }


def format_sarif(diagnostics: Sequence[Diagnostic], stream: TextIO, *, colour: bool = False) -> None:
    """Write the SARIF log as JSON."""
    json.dump(sarif_log(diagnostics), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
