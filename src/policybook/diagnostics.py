"""Diagnostics: the one record every check produces, and the catalogue of their codes.

A check never prints. It returns `Diagnostic` records; formatters (text, JSON, ...) render them and
the MkDocs hooks log them. Codes are stable: once published, a code keeps its meaning forever, so
writers can search for it and CI configurations can refer to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Level(str, Enum):
    """How serious a finding is. Errors fail `policybook check` and the build."""

    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True)
class Code:
    """A documented diagnostic code: what triggers it and how to fix it."""

    code: str
    """Stable identifier, e.g. `FM002`."""
    level: Level
    """The level findings of this code have unless a check says otherwise."""
    title: str
    """What is wrong, in a few words."""
    explanation: str
    """What triggers it."""
    fix: str
    """How a writer fixes it."""


CODES: dict[str, Code] = {}
"""Every code the engine can emit, by code. The diagnostics reference page is generated from it."""


def _code(code: str, level: Level, title: str, explanation: str, fix: str) -> Code:
    CODES[code] = entry = Code(code, level, title, explanation, fix)
    return entry


E = Level.error
W = Level.warning
# Reading files
READ_ERROR = _code("FILE001", E, "File cannot be read", "The file is not valid UTF-8 text, is binary, or cannot be opened.", "Save the file as UTF-8 text.")
EMPTY_FILE = _code("FILE002", E, "Empty file", "A page file has no content at all.", "Add front-matter and a body, or delete the file (`policybook new` scaffolds one).")
# Front-matter
NO_FRONT_MATTER = _code("FM001", E, "No front-matter", "A policy, process or translation file does not start with a `---` front-matter block.", "Start the file with `---`, the YAML fields, and a closing `---`.")
UNCLOSED_FRONT_MATTER = _code("FM002", E, "Front-matter never closed", "The opening `---` has no closing `---` line.", "Add a line containing only `---` after the last front-matter field.")
YAML_SYNTAX = _code("FM003", E, "Invalid YAML", "The front-matter (or a YAML data file) is not valid YAML.", "Fix the YAML at the position shown; quote values containing `: ` or starting with special characters.")
YAML_UNSAFE = _code("FM004", E, "YAML feature not allowed", "Tags (`!!python/...`), anchors and aliases are refused: front-matter is plain data.", "Write the value out in full, without `&anchor`, `*alias` or `!tag`.")
DUPLICATE_KEY = _code("FM005", E, "Duplicate key", "The same key appears twice in one mapping; YAML would silently keep the last.", "Keep one of the two keys.")
UNKNOWN_KEY = _code("FM006", E, "Unknown key", "A key that the model does not define, often a typo such as `efective:`.", "Fix the spelling (see the hint) or remove the key; the front-matter reference lists every field.")
MISSING_KEY = _code("FM007", E, "Missing required key", "A required field is absent.", "Add the field; `policybook new` scaffolds a complete file.")
INVALID_VALUE = _code("FM008", E, "Invalid value", "A field has the wrong type or a value outside what is allowed.", "Change the value as the message says; the front-matter reference lists allowed values.")
NOT_A_MAPPING = _code("FM009", E, "Front-matter is not a mapping", "The front-matter must be a set of `key: value` lines.", "Write the front-matter as `key: value` lines.")
TOO_LARGE = _code("FM010", E, "File too large", "The file exceeds the size limit for handbook pages or data files.", "Split the page; handbook pages should stay readable.")
# Identity and layout
DUPLICATE_ID = _code("ID001", E, "Duplicate ID", "Two documents declare the same `id`. IDs are unique and never reused.", "Give one of them the next free ID (`policybook new` picks one).")
ID_PREFIX_MISMATCH = _code("ID002", E, "ID does not match its area or workflow", "The code in the ID (`POL-HS-...`) is not the code of the area or workflow folder in `policybook.yml`.", "Use the folder's code in the ID, or move the file.")
WRONG_FOLDER = _code("LAY001", E, "File in the wrong folder", "`area` (policies) or `workflow` (processes) does not match the folder the file is in.", "Move the file into the folder of its area or workflow, or fix the field.")
UNKNOWN_AREA = _code("LAY002", E, "Unknown area or workflow", "The folder (and field) names an area or workflow that `policybook.yml` does not declare.", "Declare it in `policybook.yml` or move the file.")
MISPLACED_FILE = _code("LAY003", E, "File outside the layout", "Policies live at `policies/<area>/<slug>.md`, processes at `processes/<workflow>/<segment>.md`.", "Move the file to the expected depth.")
ORPHAN_TRANSLATION = _code("L10N001", E, "Translation without a source", "A `<slug>.<locale>.md` file has no `<slug>.md` beside it.", "Rename it to match its source file, or delete it.")
UNKNOWN_LOCALE = _code("L10N002", E, "Unknown locale", "A translation's locale suffix is not a locale configured in `policybook.yml`.", "Add the locale to `policybook.yml` or fix the file name.")
TRANSLATION_AHEAD = _code("L10N003", E, "Translation claims a newer source", "`translated_from.version` is newer than the source page's `version`: the record cannot be right.", "Record the version that was translated; `policybook l10n accept` writes the current one.")
UNKNOWN_FIELD_KEY = _code("L10N005", E, "Translated field the source does not have", "A translated front-matter field is keyed by an ID (exception kind, enforcement action, region code, step ID, branch target, changelog version, role name) that the source page does not have, so its text would never be shown.", "Use the source's ID (see the hint); `policybook new translation` scaffolds every field with its key.")
FIELD_SHAPE = _code("L10N006", E, "Translated list does not match the source", "A translated `triggers`, `inputs` or `outputs` list has a different number of items than the source's, or a field is translated that the source does not give (a `law` where the source has none, branches of a step that is no decision).", "Translate the source's list item by item, in its order, and only the fields the source has.")
SCAFFOLD_LEFT = _code("L10N007", E, "Scaffold instructions left in a translation", "The instruction comment `policybook new translation` writes at the top of a translation's body is still there: readers would see a page that was never finished.", "Translate the page, fill in `translators`, and delete the comment.")
MISSING_MESSAGE = _code("L10N008", E, "Interface message missing in a locale", "A configured locale's message catalogue lacks an interface message or page label, so pages in that language would show it in the source language.", "Add the message under `messages:` (or the label under `labels:`) of the locale file `docs/locales/<locale>.yml`.")
UNKNOWN_NAME_KEY = _code("L10N009", E, "Locale file names something that does not exist", "A locale file (`docs/locales/<locale>.yml`) translates a team, area, workflow or audience that the registry or `policybook.yml` does not declare, or a message the catalogue does not have.", "Use the ID from `docs/teams.yml` or `policybook.yml` (see the hint), or remove the entry.")
UNSHARED_HEADING = _code("L10N004", W, "Translated heading without the source's ID", "A `##` heading of the translation has an ID that no `##` heading of the source has, so the handbook cannot tell when that section changes.", "Give the heading the source heading's ID, e.g. `## Justificación {#rationale}`.")
# Teams
UNKNOWN_OWNER = _code("TEAM001", E, "Owner not in the team registry", "`owner` (or a role's `team`) names a team that `docs/teams.yml` does not list.", "Use a team ID from the registry, or add the team there.")
DUPLICATE_TEAM = _code("TEAM002", E, "Duplicate team ID", "Two teams in the registry share an ID.", "Rename one of them.")
# Hours and after-hours fallbacks: a moderator on any shift has someone to escalate to.
UNREADABLE_HOURS = _code("TEAM003", E, "Hours the engine cannot read", "An escalation contact's `hours` is not `24/7` nor days, times and a time zone (`Mon-Fri 07:00-22:00 UTC`), so nobody can tell whether the contact is staffed now. Time zone abbreviations (`CET`) are refused: they do not say when summer time applies.", "Write the hours as the message shows, with an IANA time zone (`Europe/Brussels`, `UTC`); what happens outside them goes in `after_hours`.")
NO_AFTER_HOURS = _code("TEAM004", E, "No after-hours fallback", "A team's escalation contact is not staffed around the clock, and the team names no `after_hours` fallback: a moderator on the night or weekend shift would have nobody to escalate to.", "Add `after_hours` to the team: `{team: <team ID>}` of a team staffed when this one is not, or a contact of its own (`name`, `channel`), with a `note` on what cannot wait.")
BAD_AFTER_HOURS_TEAM = _code("TEAM005", E, "After-hours fallback is not another team", "`after_hours.team` names a team that the registry does not list, or the team itself.", "Use the ID of another team from the registry.")
AFTER_HOURS_GAP = _code("TEAM006", E, "Nobody reachable after hours", "The team named in `after_hours` is not staffed at some time when the team's own contact is not either, so at that time a moderator reaches nobody.", "Name a fallback team staffed around the clock (or at least whenever this team is not), or a contact of its own.")
# Configuration
CONFIG_ERROR = _code("CFG001", E, "Invalid handbook settings", "`policybook.yml` is missing or does not match its model.", "Fix the setting named in the message.")
# References
UNKNOWN_ID = _code("XREF001", E, "Reference to an unknown ID", "`[text][ID]` names a policy or process ID that no page declares.", "Fix the ID (see the hint) or create the page.")
RETIRED_TARGET = _code("XREF002", W, "Reference to a retired or superseded policy", "A page in force refers to a policy that is retired or replaced by another.", "Refer to the replacement named in the message.")
BAD_RELATION = _code("XREF003", E, "Front-matter names a missing or wrong page", "`related`, `processes`, `policies`, `supersedes`, `escalation_segment`, `next`, `escalates_to` or a step's `to` names an ID that does not exist, is of the wrong kind, or a team that is not registered.", "Use an existing ID of the right kind (policies `POL-`, process segments `PRC-`, teams from the registry).")
UNKNOWN_LABEL = _code("XREF004", E, "Unresolvable reference label", "`[text][label]` uses a label that is neither a handbook ID nor defined on the page, so the site would show the brackets.", "Use an ID (`[text][POL-HS-001]`), define the label, or write a normal link.")
UNKNOWN_ID_ANCHOR = _code("XREF005", E, "Reference to an unknown heading or step", "`[text][ID#anchor]` names a heading anchor or step that the page does not have.", "Use one of the anchors in the hint, or link the page without an anchor.")
BROKEN_LINK = _code("LINK001", E, "Broken relative link", "A relative link points at a file that is not part of the site.", "Fix the path; prefer links by ID (`[text][POL-HS-001]`), which survive moves.")
BROKEN_ANCHOR = _code("LINK002", E, "Broken anchor", "A link's `#anchor` does not exist on the target page.", "Use one of the anchors in the hint.")
# Reviews
REVIEW_OVERDUE = _code("REV001", W, "Review overdue", "`last_reviewed` plus `review_every` lies in the past: the owner has not confirmed the page is still right.", "The owning team reviews the page and updates `last_reviewed` (and `version` and `changelog` if it changed).")
# Audiences
UNKNOWN_AUDIENCE = _code("AUD001", E, "Unknown audience", "`audience` (of a page, a team or a `!!! restricted` block) names neither a team in the registry nor an audience declared in `policybook.yml`: nobody could read it.", "Use a team ID or declare the audience under `audiences:` in `policybook.yml`.")
RESTRICTED_LINK = _code("AUD002", W, "Link to a page some readers cannot see", "A page (or block) refers to a page restricted to fewer audiences; readers who can see the first but not the second get plain text marked restricted instead of a link.", "Link only where every reader of the page may follow, move the reference into a restricted block for the same audience, or accept the marked text.")
RESTRICTED_BLOCK_SYNTAX = _code("AUD003", E, "Restricted block without an audience", "A `!!! restricted` marker names no audience, so nobody could read its content.", "Name the audiences after the marker: `!!! restricted child-safety`.")
# Glossary
DUPLICATE_TERM_ID = _code("GLO001", E, "Duplicate glossary ID", "Two glossary entries of one locale share an ID.", "Give each concept one entry.")
# Terminology: one word for one concept, in every language. Prose is the page body and the
# front-matter fields rendered as text; code, URLs, link targets and marked quotations are not.
UNKNOWN_TERM = _code("TERM001", E, "Reference to an unknown glossary term", "`[text][term:ID]` names a concept ID that the glossary of the page's language does not have.", "Use an ID from `docs/glossary/<locale>.yml` (see the hint), or add the concept to the glossary.")
DEPRECATED_TERM = _code("TERM002", E, "Deprecated term", "The prose uses a synonym the glossary marks *do not use*; the glossary entry says whether that is an error or a warning.", "Use the preferred term the message names. To quote someone's words, mark the quotation: `<q>...</q>`, or `<!-- terminology: off -->` ... `<!-- terminology: on -->` around a longer passage.")
DUPLICATE_TERM = _code("TERM003", E, "Term listed twice in the glossary", "The same term or alias (ignoring case and spacing) belongs to two concepts of one locale, or is both approved and deprecated, so a page using it cannot be linked or checked.", "Keep the word in one entry; a deprecated synonym is never also an approved term or alias.")
UNUSED_TERM = _code("TERM004", Level.info, "Glossary entry no page uses", "No page of the source language uses the concept, by any of its words or by `[text][term:ID]`.", "Nothing to fix if the concept is worth defining; otherwise remove the entry from every locale.")
TRANSLATION_TERM = _code("TERM005", W, "Translation does not use the approved term", "A section of the source uses a glossary concept, and the same section of an up-to-date translation uses none of the words the locale's glossary approves for it.", "Use the locale's approved term (or an alias listed for it); if the translation says it another way on purpose, add that form to the locale's glossary as an alias.")
UNKNOWN_CONCEPT = _code("TERM006", E, "Unknown concept in a glossary file", "A locale's glossary has an `id` that the source-language glossary does not, or `see_also` names an ID that no entry has.", "Use the source glossary's IDs in every locale file: they are the termbase's keys.")
# Spelling (`policybook spell`, not part of `policybook check`)
MISSPELLED = _code("SPELL001", E, "Misspelled word", "The spell checker (aspell, or hunspell for Arabic) does not know a word of the prose. Glossary terms, aliases, IDs and the project word lists are known words.", "Fix the typo. A correct word the dictionary lacks (a name, a domain term) goes into `docs/spelling/<locale>.txt`.")
NO_DICTIONARY = _code("SPELL002", W, "No dictionary for a language", "The spell checker or its dictionary for a configured locale is not installed, so that locale's pages were not spelled.", "Run `scripts/setup.sh`, which installs the dictionaries Debian has.")
# Process logic: the steps of a segment, the chain of segments, service levels, policies applied and
# escalations. The flowcharts are drawn from the same data, so what these checks accept is what readers see.
UNREACHABLE_STEP = _code("PRC001", E, "Step never reached", "No path from the entry step (the first in `steps`) leads to this step.", "Point a `next` or a branch at it, or delete the step.")
NO_OUTCOME = _code("PRC002", E, "Path without an outcome", "A path through the steps stops at an action with no `next`, or goes round a loop it can never leave. A path ends at an `outcome`, or at an `escalation` without `next` (the case leaves the segment).", "Give the step a `next`, or add an `outcome` step the path leads to.")
FEW_BRANCHES = _code("PRC003", E, "Decision with fewer than two branches", "A `decision` step has no branch or only one: there is nothing to decide.", "Add a branch for each answer, or make the step an `action` with `next`.")
UNKNOWN_STEP = _code("PRC004", E, "Unknown step", "A step's or branch's `next` names a step ID that the segment does not have.", "Use one of the segment's step IDs (see the hint).")
UNMARKED_LOOP = _code("PRC005", E, "Loop not marked as intended", "Following `next` and branches leads back to a step already passed, and no edge of that cycle says `loop: true`.", "Add `loop: true` to the `next` or branch that goes back if the repetition is intended (asking for missing information, a second round); otherwise point it forward.")
DUPLICATE_STEP = _code("PRC006", E, "Duplicate step ID", "Two steps of one segment share an `id`, so `next`, branches and links to the step are ambiguous.", "Give each step its own ID.")
WORKFLOW_FORK = _code("PRC007", E, "Workflow splits", "Two segments in force name the same segment as their `next`. A workflow is one line of segments; alternative routes are decisions and escalations inside a segment.", "Keep one `next` pointing at the segment; route the other case by an escalation step.")
WORKFLOW_CYCLE = _code("PRC008", E, "Workflow goes round in a circle", "Following `next` from segment to segment comes back to a segment already passed.", "Remove the `next` that points back; a repeated round belongs in the steps, marked `loop: true`.")
WORKFLOW_GAP = _code("PRC009", E, "Workflow broken in two", "A segment in force has no previous segment but is not the first of its workflow: no `next` leads to it.", "Set `next` to this segment's ID in the segment before it (see the hint).")
WORKFLOW_ORDER = _code("PRC010", E, "Next segment out of order", "A segment's `next` names a segment whose `order` is not higher, so the index and the previous/next links disagree.", "Renumber `order` to follow the `next` chain.")
SLA_ORDER = _code("PRC011", E, "Service level looser for a more severe tier", "A tier allows more time than a less severe one; `sev0` is the strictest and each tier below may only allow as much time or more.", "Shorten the more severe tier's duration or lengthen the other.")
POLICY_NOT_IN_FORCE = _code("PRC012", E, "Segment applies a policy not in force", "A segment in force lists in `policies` a policy that is a draft or in review, so moderators would enforce rules that do not bind yet. (Retired policies are XREF002.)", "Remove it until the policy is active, or keep the segment in draft until then.")
POLICY_NOT_APPLIED = _code("PRC013", W, "Active policy applied by no segment", "No process segment in force lists the policy in `policies`: no process says who decides its cases, and it has no route in the escalation matrix.", "Add the policy's ID to `policies` of the segments that handle its cases.")
ESCALATION_NOT_LISTED = _code("PRC014", W, "Escalation step missing from the escalation paths", "An escalation step's `to` names a target that the segment's `escalates_to` does not list, so the page's escalation paths and the workflow diagram are incomplete.", "Add the target to `escalates_to`.")
TARGET_NOT_IN_FORCE = _code("PRC015", E, "Cases sent to a segment not in force", "A segment or policy in force hands cases (`next`, `escalates_to`, an escalation step's `to`, a policy's `escalation_segment`) to a segment that is a draft, in review or retired.", "Point it at a segment in force, or activate the target first.")
ESCALATION_SEGMENT_MISMATCH = _code("PRC016", E, "Escalation segment does not apply the policy", "A policy's `escalation_segment` names a segment whose `policies` do not include the policy, so escalated cases arrive where the policy is not applied.", "Add the policy to that segment's `policies`, or name the segment that handles its escalations.")
# Hostile input: raw HTML, includes and YAML shapes that no handbook needs. Found in page bodies and
# in every front-matter or data-file string (they are rendered into pages too), outside code.
TOO_DEEP = _code("FM011", E, "Data nested too deeply", "A YAML value is nested more levels deep than any handbook field needs.", "Flatten the structure; the front-matter reference shows each field's shape.")
SCRIPT = _code("HTML001", E, "Script in a page", "A `<script>` element: every reader's browser would run it.", "Remove it. To show HTML as an example, put it in a code span or a fenced code block.")
EVENT_HANDLER = _code("HTML002", E, "Inline event handler", "An `on...=` attribute (`onclick`, `onerror`, ...), in raw HTML or an attribute list (`{: onclick=... }`): it runs script.", "Remove the attribute; the handbook has no interactive content.")
SCRIPT_URL = _code("HTML003", E, "Script URL", "A link or attribute whose URL is `javascript:`, `vbscript:` or `data:` (also when written with character references such as `jav&#x61;script:` or in mixed case).", "Link to a page of the handbook or to an `https:` address.")
ELEMENT_NOT_ALLOWED = _code("HTML004", E, "HTML element not allowed", "An element that embeds other documents, submits data, restyles or redirects the page: `<iframe>`, `<frame>`, `<object>`, `<embed>`, `<applet>`, `<form>`, `<meta>`, `<base>`, `<link>`, `<style>`, `<portal>`.", "Remove it. Link to the other document instead; page styling belongs in the site's stylesheet.")
EXTERNAL_RESOURCE = _code("HTML005", E, "Resource loaded from another host", "An image, video, audio or CSS `url()` whose address is absolute: every reader's browser would fetch it, which tells that host who reads the handbook.", "Save the file in the docs folder and refer to it by a relative path.")
UNSAFE_OUTPUT = _code("HTML006", E, "Unsafe HTML in a built page", "The site build found script, an event handler, a script URL, a forbidden element or an external resource in a page's final HTML that the content checks did not report.", "Report it as a Policybook bug, with the page; the site was not built.")
INCLUDE_OUTSIDE = _code("INC001", E, "Include outside the handbook", "An include line (`--8<-- \"path\"`) names an absolute path, a URL, a path that leaves the repository (`..`, a symbolic link) or a hidden file such as `.git/config`.", "Remove the include line; copy the text into the page.")
INCLUDE_MISSING = _code("INC002", E, "Included file not found", "An include line names a file that does not exist in the repository.", "Remove the include line or fix the path.")
INCLUDES_DISABLED = _code("INC003", E, "Includes are not enabled", "An include line names a file in the repository, but this handbook does not expand includes, so the line would be published as text.", "Copy the text into the page. To show the include syntax, put it in a code span or a fenced code block.")


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding at one place in one file.

    Ordered by path, then position, so output is stable whatever order the checks ran in.
    """

    path: str
    """The file, relative to the handbook root, with forward slashes."""
    line: int
    """1-based line; 0 when the finding is about the whole file."""
    column: int
    """1-based column; 0 when unknown."""
    code: str
    """The stable code from `CODES`."""
    message: str
    """What is wrong, in one sentence."""
    level: Level = Level.error
    """`error`, `warning` or `info`."""
    hint: str | None = field(default=None, compare=False)
    """How to fix it, when the check knows better than the code's generic fix."""
    end_column: int | None = field(default=None, compare=False)
    """1-based column just past the offending text, when known."""

    @classmethod
    def of(
        cls,
        code: Code,
        path: str,
        line: int,
        column: int,
        message: str,
        *,
        hint: str | None = None,
        end_column: int | None = None,
        level: Level | None = None,
    ) -> Diagnostic:
        """Build a diagnostic of a catalogued code (its default level unless `level` is given)."""
        return cls(path, line, column, code.code, message, level or code.level, hint, end_column)
