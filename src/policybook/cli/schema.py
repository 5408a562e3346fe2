"""`policybook schema`: JSON Schema of the front-matter and data files, generated from the models."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from policybook.config import HandbookConfig
from policybook.model import Glossary, Policy, ProcessSegment, TeamRegistry, Translation
from policybook.model.names import LocaleNames
from policybook.model.translation import PageTranslation

MODELS: dict[str, type[BaseModel]] = {
    "policy": Policy,
    "process": ProcessSegment,
    "translation": Translation,
    "page-translation": PageTranslation,
    "locale-names": LocaleNames,
    "teams": TeamRegistry,
    "glossary": Glossary,
    "config": HandbookConfig,
}
"""The schemas by name, with the model each comes from."""


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the model called `name`."""
    schema = MODELS[name].model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"policybook:{name}", **schema}


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `schema` sub-command."""
    command = commands.add_parser("schema", help="print or write the JSON Schemas", description=__doc__)
    command.add_argument("name", nargs="?", choices=sorted(MODELS), help="one schema to print (default: all)")
    command.add_argument("--output", metavar="DIR", help="write <name>.schema.json files into DIR")
    command.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Print one schema, all of them as one object, or write them to files."""
    names = [arguments.name] if arguments.name else sorted(MODELS)
    if arguments.output:
        folder = Path(arguments.output)
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            (folder / f"{name}.schema.json").write_text(json.dumps(json_schema(name), indent=2) + "\n", "utf-8")
            print(folder / f"{name}.schema.json")
        return 0
    document = json_schema(names[0]) if arguments.name else {name: json_schema(name) for name in names}
    json.dump(document, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0
