"""The command-line reference page, generated from the argument parser so it never drifts.

Every sub-command, argument and option `policybook --help` knows is on the page, with the help
text the parser has: adding an option to a command documents it.
"""

from __future__ import annotations

import argparse
import html
import inspect
import re
from collections.abc import Iterator
from functools import cache

_SKIPPED = (argparse._HelpAction, argparse._VersionAction)
_USAGE_WIDTH = 80  # fixed, so the page does not depend on the terminal of whoever builds it


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """`(help text, parser)` of each sub-command, in the order they were registered."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, subparser in action.choices.items():
                yield helps.get(name, ""), subparser


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = argparse.HelpFormatter(parser.prog, width=_USAGE_WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups, prefix="")
    return formatter.format_help().strip()


_CODE_SPAN = re.compile(r"(`[^`]*`)")


def _prose(text: str) -> str:
    """Help text as Markdown: `<name>` outside code spans is text to show, not an HTML tag."""
    parts = _CODE_SPAN.split(text)
    return "".join(part if part.startswith("`") else html.escape(part, quote=False) for part in parts)


def _cell(text: str) -> str:
    return _prose(" ".join(text.split())).replace("|", "\\|")


def _value(action: argparse.Action) -> str:
    """What the argument takes, in words."""
    if action.nargs == 0:
        return "—"
    if action.choices is not None:
        value = "one of " + ", ".join(f"`{choice}`" for choice in action.choices)
    else:
        value = f"`{action.metavar or (action.dest.upper() if action.option_strings else action.dest)}`"
    if action.nargs in ("*", "+"):
        return value + (", zero or more" if action.nargs == "*" else ", one or more")
    return value + (", optional" if action.nargs == "?" else "")


def _arguments_table(parser: argparse.ArgumentParser) -> list[str]:
    rows = []
    for action in parser._actions:
        if isinstance(action, (*_SKIPPED, argparse._SubParsersAction)):
            continue
        name = ", ".join(f"`{option}`" for option in action.option_strings) or f"`{action.metavar or action.dest}`"
        notes = []
        if action.required and action.option_strings:
            notes.append("required")
        if action.default not in (None, False, argparse.SUPPRESS, []) and "default" not in (action.help or ""):
            notes.append(f"default `{action.default}`")
        meaning = _cell(action.help or "") + (f" ({', '.join(notes)})" if notes else "")
        rows.append(f"| {name} | {_value(action)} | {meaning} |")
    if not rows:
        return []
    return ["| Argument | Value | Meaning |", "|---|---|---|", *rows, ""]


def _anchor(parser: argparse.ArgumentParser) -> str:
    return "-".join(parser.prog.split()[1:])


def _command(help_text: str, parser: argparse.ArgumentParser, level: int) -> list[str]:
    lines = [f"{'#' * level} `{parser.prog}` {{#{_anchor(parser)}}}", ""]
    description = _prose(inspect.cleandoc(parser.description or ""))
    lines += [description or _cell(help_text), "", "```text", _usage(parser), "```", ""]
    lines += _arguments_table(parser)
    for sub_help, subparser in _subcommands(parser):
        lines += _command(sub_help, subparser, level + 1)
    return lines


def commands_page(parser: argparse.ArgumentParser) -> str:
    """The Markdown of the command-line reference: every command, argument and option of `parser`."""
    prog = parser.prog
    lines = [
        "# Command line", "",
        f"Every `{prog}` command with its arguments and options, generated from the command line "
        f"itself: `{prog} COMMAND --help` prints the same.", "",
        "Run the commands from anywhere inside the handbook repository, as `.venv/bin/policybook` "
        "(or `policybook` in an activated virtual environment).", "",
        "## Options of every command {#global-options}", "",
        "These go before the command name, e.g. `policybook --root ../handbook check`.", "",
        "```text", _usage(parser), "```", "",
        *_arguments_table(parser),
        *([_prose(inspect.cleandoc(parser.epilog)), ""] if parser.epilog else []),
        "## Commands {#commands}", "",
        "| Command | What it does |", "|---|---|",
    ]
    lines += [f"| [`{sub.prog}`](#{_anchor(sub)}) | {_cell(help_text)} |" for help_text, sub in _subcommands(parser)]
    lines.append("")
    for help_text, subparser in _subcommands(parser):
        lines += _command(help_text, subparser, 3)
    return "\n".join(lines)


@cache
def cli_reference() -> str:
    """The command-line reference of the `policybook` command as built.

    The CLI is a front end over the engine; it is imported here, when the page is rendered, so no
    engine module imports the CLI when it loads.
    """
    from policybook.cli.main import parser

    return commands_page(parser())
