"""The reference pages: generated from the code, complete, and part of the real strict build."""

from __future__ import annotations

import argparse
import re
import typing
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from policybook.cli.main import parser
from policybook.config import HandbookConfig
from policybook.model import Glossary, Policy, ProcessSegment, Step, TeamRegistry, Translation
from policybook.rendering.commands import commands_page
from test_site import html, text

FRONT_MATTER_ROOTS = (Policy, ProcessSegment, Translation, TeamRegistry, Glossary, HandbookConfig)
"""The files writers and maintainers edit: every model reachable from these is on the page."""


def _nested_models(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _nested_models(argument)


def every_model() -> list[type[BaseModel]]:
    """The front-matter models and every model nested in them, found from the annotations."""
    found: list[type[BaseModel]] = []
    pending = list(FRONT_MATTER_ROOTS)
    while pending:
        model = pending.pop(0)
        if model in found:
            continue
        found.append(model)
        for field in model.model_fields.values():
            pending.extend(_nested_models(field.annotation))
    return found


def _row(page: str, model: type[BaseModel], name: str) -> list[str]:
    """The cells of a key's row: key, value, required, meaning."""
    match = re.search(rf'<tr id="{re.escape(f"{model.__module__}.{model.__qualname__}.{name}")}"[^>]*>(.*?)</tr>', page, re.S)
    assert match, f"{model.__name__}.{name} is missing from the front-matter reference"
    # `<wbr>` (a line-break opportunity after `_`) is no text.
    return [" ".join(text(cell.replace("<wbr>", "")).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


def test_every_model_field_is_in_the_front_matter_reference(built_site):
    page = html(built_site, "reference/front-matter")
    models = every_model()
    assert {m.__name__ for m in models} >= {"Step", "Branch", "Role", "Sla", "GlossaryEntry", "TranslatedFrom", "Team"}
    for model in models:
        for name, field in model.model_fields.items():
            key, value, required, meaning = _row(page, model, name)
            assert key == name and value, (key, value)
            # Whether a key may be left out is what pydantic decides, not what the template guesses.
            assert required.startswith("required") == field.is_required(), f"{model.__name__}.{name}: {required}"
            assert field.description, f"{model.__name__}.{name} has no Field description"
            squashed = re.sub(r"[\s`*]", "", meaning)  # the description is rendered Markdown
            assert re.sub(r"[\s`*]", "", field.description) == squashed, f"{model.__name__}.{name}: {meaning}"


def test_front_matter_reference_lists_allowed_values(built_site):
    page = html(built_site, "reference/front-matter")
    assert _row(page, Policy, "status")[1] == "one of draft , in-review , active , retired"
    assert _row(page, Step, "type")[1] == "one of action , decision , outcome , escalation"
    assert _row(page, ProcessSegment, "review_every")[1:3] == ["Duration", "optional (default P365D )"]
    assert _row(page, Policy, "enforcement")[1:3] == ["list of EnforcementAction", "required , at least 1"]
    assert _row(page, Policy, "effective")[1] == "date ( YYYY-MM-DD )"
    # Named value types link to their explanation further down the page.
    assert re.search(r'href="#policybook\.model\.common\.PolicyId"', page)
    assert 'id="policybook.model.common.Duration"' in page


def _commands(command: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield command
    for action in command._actions:
        if isinstance(action, argparse._SubParsersAction):
            for subcommand in action.choices.values():
                yield from _commands(subcommand)


def test_command_line_reference_lists_every_command_and_option(built_site):
    page = html(built_site, "reference/commands")
    commands = list(_commands(parser()))
    assert {c.prog for c in commands} >= {"policybook check", "policybook new translation", "policybook l10n status"}
    for command in commands[1:]:
        anchor = "-".join(command.prog.split()[1:])
        assert f'id="{anchor}"' in page, f"{command.prog} is missing from the command-line reference"
        body = page.split(f'id="{anchor}"')[1].split('<h3 id=')[0]  # up to the next command
        for action in command._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            for name in action.option_strings or [action.metavar or action.dest]:
                assert re.search(rf"<code[^>]*>{re.escape(name)}</code>", body), f"{command.prog} {name}"
            if action.help:
                assert " ".join(action.help.split()[:3]) in " ".join(text(body).split()), f"{command.prog}: {action.help}"


def test_command_line_page_renders_any_parser():
    tool = argparse.ArgumentParser(prog="tool", description="Does things.", epilog="exit status: 0 fine, 1 not")
    tool.add_argument("--root", help="where | it runs")
    verbs = tool.add_subparsers(dest="verb", required=True)
    go = verbs.add_parser("go", help="go somewhere", description="`tool go`: goes.")
    go.add_argument("places", nargs="*", help="where to")
    go.add_argument("--speed", choices=["slow", "fast"], default="slow", help="how fast")
    go.add_argument("--by", required=True, help="vehicle")
    go.add_argument("--out", metavar="DIR", help="write <name>.txt into DIR")
    markdown = commands_page(tool)
    assert "| [`tool go`](#go) | go somewhere |" in markdown
    assert "### `tool go` {#go}" in markdown and "`tool go`: goes." in markdown
    assert "| `--speed` | one of `slow`, `fast` | how fast (default `slow`) |" in markdown
    assert "| `--by` | `BY` | vehicle (required) |" in markdown
    assert "| `places` | `places`, zero or more | where to |" in markdown
    assert "| `--root` | `ROOT` | where \\| it runs |" in markdown  # a pipe would end the table cell
    assert "exit status: 0 fine, 1 not" in markdown
    assert "write &lt;name&gt;.txt into DIR" in markdown  # shown, not taken for an HTML tag


def test_engine_api_page_documents_how_to_extend_the_checks(built_site):
    page = html(built_site, "reference/engine")
    for identifier in ("policybook.checks.check", "policybook.checks.run_checks", "policybook.diagnostics.Diagnostic",
                       "policybook.diagnostics.Diagnostic.of", "policybook.handbook.Handbook", "policybook.loading.load_handbook"):
        assert f'id="{identifier}"' in page, identifier
    assert "Register a check under" in text(page)  # the docstring, rendered


@pytest.mark.parametrize("guide, expected", [
    ("reading", 'href="../../policies/privacy/doxxing/#POL-PD-001"'),
    ("writing-a-policy", "gambling-and-betting-promotion.md: created POL-RG-003"),
    ("writing-a-process", 'href="../../processes/quality/calibration/#step-bar"'),
    ("translating-a-page", "policybook new translation policies/privacy/doxxing.md --locale es"),
    ("reviewing-a-pull-request", 'href="../../policies/hate-speech/hate-speech/#POL-HS-001"'),
])
def test_guides_are_built_with_their_worked_examples(built_site, guide, expected):
    page = html(built_site, f"guides/{guide}")
    assert expected in page or expected in " ".join(text(page).split())
    prose = re.sub(r"<code[^>]*>.*?</code>|<pre.*?</pre>", "", page, flags=re.S)  # examples show the syntax
    assert not re.search(r"\]\[(?:POL|PRC)-", text(prose))  # every reference by ID became a link

