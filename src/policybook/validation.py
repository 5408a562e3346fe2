"""Validate parsed YAML against a content model, turning every pydantic error into a diagnostic.

All errors of a file are reported in one run, each at the key it is about.
"""

from __future__ import annotations

import difflib
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from policybook import diagnostics as dx
from policybook.diagnostics import Diagnostic
from policybook.yamldata import YamlData

M = TypeVar("M", bound=BaseModel)


def _allowed_keys(model: type[BaseModel], location: tuple) -> list[str]:
    """The field names of the (nested) model at `location`, for 'did you mean' hints."""
    current: type[BaseModel] | None = model
    for part in location:
        if current is None or isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        current = None
        if info is not None:
            annotation = info.annotation
            for candidate in (annotation, *getattr(annotation, "__args__", ())):
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    current = candidate
                    break
    return list(current.model_fields) if current else []


def validate(model: type[M], parsed: YamlData, path: str) -> tuple[M | None, list[Diagnostic]]:
    """Validate `parsed.data` as `model`; returns the instance or the diagnostics."""
    if not isinstance(parsed.data, dict):
        line, column = parsed.start
        kind = "empty" if parsed.data is None else type(parsed.data).__name__
        return None, [Diagnostic.of(dx.NOT_A_MAPPING, path, line, column, f"front-matter must be 'key: value' lines, not {kind}")]
    try:
        return model.model_validate(parsed.data), []
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            location = tuple(item["loc"])
            line, column = parsed.locate(location)
            dotted = ".".join(str(part) for part in location) or "front-matter"
            kind = item["type"]
            if kind == "extra_forbidden":
                key = str(location[-1])
                close = difflib.get_close_matches(key, _allowed_keys(model, location[:-1]), n=1)
                hint = f"did you mean '{close[0]}'?" if close else None
                problems.append(Diagnostic.of(dx.UNKNOWN_KEY, path, line, column, f"unknown key '{dotted}'", hint=hint))
            elif kind == "missing":
                parent = ".".join(str(part) for part in location[:-1])
                where = f" in '{parent}'" if parent else ""
                problems.append(
                    Diagnostic.of(dx.MISSING_KEY, path, line, column, f"missing required key '{location[-1]}'{where}")
                )
            else:
                message = item["msg"].removeprefix("Value error, ")
                problems.append(Diagnostic.of(dx.INVALID_VALUE, path, line, column, f"{dotted}: {message}"))
        return None, problems
