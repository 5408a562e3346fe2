"""Generate a deterministic synthetic handbook in the real content model.

    python -m benchmarks.generate OUT --policies 2000 --segments 200 --locales es,fr,de,ar

Pages are about 800 words with realistic cross-reference density (ID references, heading anchors,
relative links); translations are current, outdated or missing in the requested shares. The same
arguments always produce byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import string
from pathlib import Path

from policybook.documents import text_digest

REPO = Path(__file__).resolve().parent.parent
VOCABULARY = (
    "account action appeal assessment behaviour case classifier content context creator decision "
    "escalation evidence exception harm intent label moderator notice policy priority queue report "
    "review risk signal strike threshold user video violation comment livestream severity audience "
    "region enforcement removal restriction visibility reduction guidance example pattern network "
    "target group identity threat incitement promotion depiction reference caption audio overlay "
    "the a of to and in for on with by from that which when where is are be may must should not"
).split()
CONCEPTS = ("appeal", "classifier", "escalation", "strike")
"""The generated glossary's terms: words of the generated prose, about one word in twenty of it,
the density of glossary terms in real policy prose."""
SECTIONS = (("Rationale", "rationale"), ("What is not allowed", "what-is-not-allowed"),
            ("What is allowed", "what-is-allowed"), ("Reviewer guidance", "reviewer-guidance"))
ACTIONS = (("remove", "DECISION_VISIBILITY_CONTENT_REMOVED"), ("reduce-visibility", "DECISION_VISIBILITY_CONTENT_DEMOTED"),
           ("age-restrict", "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED"), ("suspend-account", "DECISION_ACCOUNT_SUSPENDED"))


def _code(index: int) -> str:
    letters = string.ascii_uppercase
    return letters[index // 26 % 26] + letters[index % 26]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(VOCABULARY) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int, links: list[str]) -> str:
    parts = [_sentence(rng) for _ in range(sentences)]
    for link in links:
        position = rng.randrange(len(parts))
        parts[position] = parts[position][:-1] + f", see {link}."
    return " ".join(parts)


def _body(rng: random.Random, words: int, links: list[str]) -> str:
    per_section = max(1, words // (len(SECTIONS) * 13 * 4))
    chunks = [links[i::len(SECTIONS)] for i in range(len(SECTIONS))]
    lines = []
    for (title, anchor), chunk in zip(SECTIONS, chunks):
        lines += [f"## {title} {{#{anchor}}}", ""]
        for paragraph in range(4):
            lines += [_paragraph(rng, per_section, chunk if paragraph == 0 else []), ""]
    return "\n".join(lines)


def _front_matter(fields: list[str]) -> str:
    return "---\n" + "\n".join(fields) + "\n---\n"


def generate(out: Path, *, policies: int = 100, segments: int = 20, locales: tuple[str, ...] = ("es", "fr", "de", "ar"),
             current: float = 0.5, outdated: float = 0.2, words: int = 800, seed: int = 1) -> Path:
    """Write a handbook into `out` (emptied first) and return it."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "docs/assets").mkdir(parents=True)
    shutil.copytree(REPO / "hooks", out / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copy(REPO / "docs/assets/policybook.css", out / "docs/assets/policybook.css")
    # What the site build reads from the repository besides the content: the diagram library the
    # process pages load, and the benchmark results the Performance page shows.
    for needed in ("node_modules/mermaid/dist/mermaid.min.js", "benchmarks/results/results.json"):
        if (REPO / needed).is_file():
            (out / needed).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / needed, out / needed)
    area_count = max(1, min(60, policies // 40 + 1))
    workflows = max(1, min(20, segments // 8 + 1))
    areas = [(f"area-{i + 1:02d}", _code(i)) for i in range(area_count)]
    flows = [(f"workflow-{i + 1:02d}", _code(i)) for i in range(workflows)]
    teams = [f"team-{i + 1:02d}" for i in range(10)]
    config = ["title: Generated handbook", "organisation: Benchmarks", "locales:"]
    config += [f"  - {{code: {code}, name: {code}}}" for code in locales] or ["  []"]
    config += ["areas:"] + [f"  {name}: {{code: {code}, title: Area {code}}}" for name, code in areas]
    config += ["workflows:"] + [f"  {name}: {{code: {code}, title: Workflow {code}}}" for name, code in flows]
    (out / "policybook.yml").write_text("\n".join(config) + "\n", "utf-8")
    registry = ["teams:"] + [
        f"  - {{id: {team}, name: Team {team[-2:]}, description: Owns generated pages., "
        f"escalation: {{name: Duty lead, channel: '#{team}', hours: 24/7}}}}" for team in teams
    ]
    (out / "docs/teams.yml").write_text("\n".join(registry) + "\n", "utf-8")
    (out / "docs/index.md").write_text("# Generated handbook\n\nSynthetic content for benchmarks.\n", "utf-8")
    # The handbook's own pages (guides, reference) are named in mkdocs.yml's nav; stubs keep a strict
    # build of the generated handbook possible without their sample-specific links and examples.
    for page in sorted((REPO / "docs").rglob("*.md")):
        relative = page.relative_to(REPO / "docs")
        if relative.as_posix() != "index.md" and "." not in relative.stem:  # `index.es.md`: a translation, not a page
            (out / "docs" / relative).parent.mkdir(parents=True, exist_ok=True)
            (out / "docs" / relative).write_text(f"# {relative.stem.replace('-', ' ').capitalize()}\n\nSynthetic.\n", "utf-8")
    (out / "docs/glossary").mkdir()
    # Concepts are words of the generated prose, so pages use them (and get glossary links) as real ones do.
    glossary = ["locale: en", "entries:"] + [
        f"  - {{id: {word}, term: {word}, definition: A generated definition of {word}.}}" for word in CONCEPTS
    ]
    (out / "docs/glossary/en.yml").write_text("\n".join(glossary) + "\n", "utf-8")

    policy_ids = []
    counters: dict[str, int] = {}
    for index in range(policies):
        area, code = areas[index % len(areas)]
        counters[code] = counters.get(code, 0) + 1
        policy_ids.append((f"POL-{code}-{counters[code]:03d}", area, f"policy-{index + 1:05d}"))
    segment_ids = []
    counters = {}
    for index in range(segments):
        flow, code = flows[index % len(flows)]
        counters[code] = counters.get(code, 0) + 1
        segment_ids.append((f"PRC-{code}-{counters[code]:03d}", flow, f"segment-{counters[code]:03d}", counters[code]))

    for identifier, area, slug in policy_ids:
        others = rng.sample(policy_ids, k=min(5, len(policy_ids)))
        links = [f"[{o[0]} rules][{o[0]}]" for o in others[:3]] + [f"[guidance][{others[3][0]}#reviewer-guidance]"] if len(others) > 3 else []
        if len(others) > 4:
            links.append(f"[the {others[4][2]} page](../{others[4][1]}/{others[4][2]}.md#rationale)")
        severity = f"sev{rng.randrange(4)}"
        action, decision = ACTIONS[rng.randrange(len(ACTIONS))]
        summary = _sentence(rng)
        title = f"Policy {identifier}"
        fields = [
            f"id: {identifier}", f"title: {title}", f"summary: {summary}", f"area: {area}", "status: active",
            "version: 1.1.0", "effective: 2026-01-01", f"owner: {teams[rng.randrange(len(teams))]}",
            "last_reviewed: 2026-10-01", "review_every: P365D", f"severity: {severity}",
            "dsa: {category: STATEMENT_CATEGORY_OTHER_VIOLATION_TC}",
            f"enforcement: [{{action: {action}, when: Meets the definition., dsa_decision: {decision}, strikes: 1}}]",
            "regions: [{code: global}]", f"related: [{', '.join(o[0] for o in others[:2])}]",
            "changelog:", "  - {version: 1.1.0, date: 2026-06-01, summary: Clarified the guidance.}",
            "  - {version: 1.0.0, date: 2026-01-01, summary: First version.}",
        ]
        body = _body(rng, words, links)
        folder = out / "policies" / area
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.md").write_text(_front_matter(fields) + "\n" + body, "utf-8")
        digest = text_digest(title, summary, body)
        for locale in locales:
            roll = rng.random()
            if roll >= current + outdated:
                continue
            stale = roll >= current
            translated = _body(rng, words, links)
            recorded = text_digest(title, summary, body + "\nOlder text.") if stale else digest
            fields = [f"title: {title} ({locale})", f"summary: {summary}", "translated_from:",
                      f"  version: {'1.0.0' if stale else '1.1.0'}", f"  digest: {recorded}"]
            (folder / f"{slug}.{locale}.md").write_text(_front_matter(fields) + "\n" + translated, "utf-8")

    for position, (identifier, flow, slug, order) in enumerate(segment_ids):
        following = next((s for s in segment_ids[position + 1:] if s[1] == flow), None)
        # Three policies anywhere, and a share of all of them, so that every policy is applied by a segment.
        shared = policy_ids[position :: len(segment_ids)]
        applied = shared + [p for p in rng.sample(policy_ids, k=min(3, len(policy_ids))) if p not in shared]
        fields = [
            f"id: {identifier}", f"title: Segment {identifier}", f"summary: {_sentence(rng)}", f"workflow: {flow}",
            f"segment: {slug}", f"order: {order}", "status: active", "version: 1.0.0", "effective: 2026-01-01",
            f"owner: {teams[rng.randrange(len(teams))]}", "last_reviewed: 2026-10-01",
            "triggers: [A case arrives.]", "outputs: [A decided case.]",
            f"roles: [{{role: Reviewer, team: {teams[0]}, raci: RA}}]",
            "sla: {sev0: PT1H, sev1: PT4H, sev2: P1D, sev3: P3D}",
            f"policies: [{', '.join(p[0] for p in applied)}]",
            "steps:",
            "  - {id: receive, type: action, text: Receive the case., next: decide}",
            "  - {id: decide, type: decision, text: Does it violate?, branches: [{when: 'Yes', next: act}, {when: 'No', next: close}]}",
            "  - {id: act, type: action, text: Apply the enforcement action., next: done}",
            "  - {id: close, type: outcome, text: Close without action.}",
            "  - {id: done, type: outcome, text: Case enforced.}",
        ]
        if following:
            fields.append(f"next: {following[0]}")
        fields += ["changelog:", "  - {version: 1.0.0, date: 2026-01-01, summary: First version.}"]
        links = [f"[{p[0]}][{p[0]}]" for p in applied[-3:]] + [f"[decision step][{identifier}#decide]"]
        folder = out / "processes" / flow
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.md").write_text(_front_matter(fields) + "\n" + _body(rng, words // 2, links), "utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--policies", type=int, default=100)
    parser.add_argument("--segments", type=int, default=20)
    parser.add_argument("--locales", default="es,fr,de,ar")
    parser.add_argument("--current", type=float, default=0.5)
    parser.add_argument("--outdated", type=float, default=0.2)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    locales = tuple(code for code in arguments.locales.split(",") if code)
    generate(arguments.out, policies=arguments.policies, segments=arguments.segments, locales=locales,
             current=arguments.current, outdated=arguments.outdated, words=arguments.words, seed=arguments.seed)
    print(arguments.out)


if __name__ == "__main__":
    main()
