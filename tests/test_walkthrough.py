"""The guided walk-through of a segment and the flowcharts beside it (policybook.rendering.walkthrough,
docs/assets/walkthrough.js, docs/assets/flowchart.js).

The data is checked as the engine writes it; the behaviour in the real built site (`built_site`) in
Debian's Chromium, clicking through every path of a segment's `steps` and comparing where each ends
with what the sample's own front-matter and team registry say, by mouse and by keyboard, in English,
Spanish and Arabic, at 360 to 1440 px, light and dark, with axe-core looking on.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from policybook.coverage import State, coverage
from policybook.fields import translated_fields
from policybook.loading import load_handbook
from policybook.model import ProcessSegment, Step, StepType
from policybook.rendering.foreign import foreign
from policybook.rendering.messages import catalogue, writing_in
from policybook.rendering.site import render
from policybook.rendering.text import human_duration
from policybook.rendering.walkthrough import said
from test_browser import AXE, base_url, page, session  # noqa: F401 (the browser fixtures, shared)

INTAKE = "processes/user-reports/intake.md"
TRIAGE = "processes/user-reports/triage-and-routing.md"
_DATA = re.compile(r'<div class="pb-walkthrough" data-pb-walkthrough="([^"]*)"></div>')


def page_data(handbook, path: str, locale: str | None = None) -> dict:
    """The walk-through data of the rendered page at `path`, as the page carries it."""
    rendered = render(handbook, path, handbook.by_path[path].body, locale)
    found = _DATA.findall(rendered)
    assert len(found) == 1
    return json.loads(html.unescape(found[0]))


def plain(value: str | list) -> str:
    return value if isinstance(value, str) else "".join(run[0] for run in value)


# --- The data --------------------------------------------------------------------------------------

def test_steps_keep_the_tables_numbers_and_their_ways_out(sample):
    document = sample.by_path[INTAKE]
    data = page_data(sample, INTAKE)
    assert [(s["number"], s["id"], s["type"]) for s in data["steps"]] == [
        (number, step.id, step.type.value) for number, step in enumerate(document.meta.steps, start=1)]
    for entry, step in zip(data["steps"], document.meta.steps):
        assert entry["text"] == step.text
        assert entry.get("next") == step.next
        assert [(b["label"], b["next"]) for b in entry.get("branches", [])] == [(b.when, b.next) for b in step.branches]
    assert data["steps"][0]["id"] == document.meta.steps[0].id  # where "Walk me through" starts


def test_an_escalation_to_a_team_carries_its_contact_and_this_segments_time_limits(sample):
    document = sample.by_path[INTAKE]
    step = next(s for s in document.meta.steps if s.type is StepType.escalation)
    team = sample.teams[step.to]
    receiver = next(s for s in page_data(sample, INTAKE)["steps"] if s["id"] == step.id)["escalation"]
    assert (receiver["name"], receiver["contact"], receiver["channel"], receiver["hours"]) == (
        team.name, team.escalation.name, team.escalation.channel, team.escalation.hours)
    assert receiver["href"] == f"../../../teams/#{team.id}"
    with writing_in("en"):
        assert receiver["sla"] == {tier: human_duration(getattr(document.meta.sla, tier)) for tier in receiver["sla"]}
    assert list(receiver["sla"]) == ["sev0", "sev1", "sev2", "sev3"]


def test_an_escalation_to_a_segment_carries_that_segments_owner_and_time_limits(sample):
    step = next(s for s in sample.by_path[TRIAGE].meta.steps if s.to and s.to.startswith("PRC-"))
    target = sample.by_id[step.to]
    owner = sample.teams[target.meta.owner]
    receiver = next(s for s in page_data(sample, TRIAGE)["steps"] if s["id"] == step.id)["escalation"]
    assert receiver["name"] == f"{target.id} {target.meta.title}"
    assert (receiver["team"], receiver["contact"], receiver["channel"]) == (owner.name, owner.escalation.name,
                                                                            owner.escalation.channel)
    assert receiver["href"] == "../specialist-escalation/"
    with writing_in("en"):
        assert receiver["sla"]["sev1"] == human_duration(target.meta.sla.sev1)
    assert target.meta.sla.sev1 != sample.by_path[TRIAGE].meta.sla.sev1  # so the test tells them apart


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_a_translated_page_walks_through_the_translation(sample, locale):
    assert coverage(sample).status(INTAKE, locale).state is State.current
    texts = {key: value for key, (value, _) in translated_fields(sample.translations[INTAKE][locale].meta).items()}
    labels = catalogue(locale)["labels"]
    data = page_data(sample, INTAKE, locale)
    for entry in data["steps"]:
        assert entry["text"] == " ".join(texts[f"steps.{entry['id']}"].split())
        assert entry["kind"] == labels[entry["type"].capitalize()]
        for branch in entry.get("branches", []):
            assert branch["label"] == texts[f"steps.{entry['id']}.branches.{branch['next']}"]
    for key, english in (("next", "Next"), ("back", "Back"), ("start", "Walk me through"), ("tier", "Severity tier of the case")):
        assert data["labels"][key] == labels[english], key
    emergency = next(s for s in data["steps"] if s["id"] == "emergency")["escalation"]
    assert emergency["name"] == sample.names[locale].teams["law-enforcement-response"].name


def test_text_left_in_the_source_language_is_marked_with_its_language(tmp_handbook):
    path = tmp_handbook.root / "processes/user-reports/intake.es.md"
    translation = path.read_text("utf-8")
    # The translation loses the text of its first step: the page shows the English one, marked.
    kept = re.sub(r"\n  receive: >-\n(    .*\n)+", "\n", translation, count=1)
    assert kept != translation
    path.write_text(kept, "utf-8")
    handbook = load_handbook(tmp_handbook.root)
    first = page_data(handbook, INTAKE, "es")["steps"][0]
    assert first["text"] == [[handbook.by_path[INTAKE].meta.steps[0].text, "en", "ltr"]]


def test_said_reduces_writer_markup_and_keeps_the_spaces_between_runs():
    assert said("Ask [the vendor manager][ts-operations] in `#vendor-desk`.") == "Ask the vendor manager in #vendor-desk."
    assert said("PRC-UR-004 " + foreign("Specialist escalation", "en")) == [["PRC-UR-004 ", "", ""],
                                                                            ["Specialist escalation", "en", "ltr"]]


def test_the_block_is_an_empty_element_the_site_lets_through(sample):
    rendered = render(sample, INTAKE, sample.by_path[INTAKE].body)
    block = _DATA.search(rendered)[0]
    assert "<script" not in block and "-->" not in block  # refused by the build / would end the block


# --- Paths through the steps -----------------------------------------------------------------------

def paths(segment: ProcessSegment) -> list[list[tuple[Step, str | None]]]:
    """Every way through `segment` from its first step to one that ends it: (step, answer taken) pairs.
    A step is visited at most twice, so that every intended loop is also taken once."""
    steps = {step.id: step for step in segment.steps}
    found: list[list[tuple[Step, str | None]]] = []

    def walk(step_id: str, path: list[tuple[Step, str | None]]) -> None:
        step = steps[step_id]
        if sum(1 for seen, _ in path if seen.id == step_id) >= 2:
            return
        if step.branches:
            for branch in step.branches:
                walk(branch.next, [*path, (step, branch.when)])
        elif step.next:
            walk(step.next, [*path, (step, None)])
        else:
            found.append([*path, (step, None)])

    walk(segment.steps[0].id, [])
    return found


def expected_end(handbook, document, step: Step, tier: str) -> dict[str, str]:
    """What the walk-through must show where `step` ends the walk, from the sample's own files."""
    with writing_in("en"):
        if step.type is StepType.escalation:
            target = handbook.by_id.get(step.to)
            if target is not None:
                team, name, limit = handbook.teams[target.meta.owner], f"{target.id} {target.meta.title}", target.meta.sla
            else:
                team = handbook.teams[step.to]
                name, limit = team.name, document.meta.sla
            return {"to": name, "contact": team.escalation.name, "channel": team.escalation.channel,
                    "hours": team.escalation.hours, "sla": f"{tier} {human_duration(getattr(limit, tier))}"}
        return {"sla": f"{tier} {human_duration(getattr(document.meta.sla, tier))}"}


def shown_end(page: Page) -> dict[str, str]:
    panel = page.locator(".pb-walkthrough__panel")
    shown = {"sla": panel.locator(".pb-walkthrough__sla dd").inner_text()}
    if panel.locator(".pb-walkthrough__receiver").count():
        values = panel.locator(".pb-walkthrough__contact dd").all_inner_texts()
        shown.update(to=panel.locator(".pb-walkthrough__to a").inner_text(), contact=values[0].split(" — ")[-1],
                     channel=values[1], hours=values[2])
    return {key: " ".join(value.split()) for key, value in shown.items()}


def heading(step: Step, number: int) -> str:
    return f"Step {number} · {step.type.value.capitalize()}"


def test_the_sample_has_a_segment_to_walk_with_three_decisions_and_a_loop(sample):
    for path in (INTAKE, TRIAGE):
        assert sum(1 for s in sample.by_path[path].meta.steps if s.type is StepType.decision) >= 3, path
    assert any(s.loop or any(b.loop for b in s.branches) for s in sample.by_path[INTAKE].meta.steps)
    assert len(paths(sample.by_path[INTAKE].meta)) == 4 and len(paths(sample.by_path[TRIAGE].meta)) == 6


def open_walkthrough(page: Page, url: str, width: int = 1280) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.get_by_role("button", name="Walk me through").click()


@pytest.mark.parametrize("path", [INTAKE, TRIAGE])
def test_every_path_clicked_through_ends_where_the_steps_say(page: Page, base_url: str, sample, path: str):
    document = sample.by_path[path]
    numbers = {step.id: number for number, step in enumerate(document.meta.steps, start=1)}
    tiers = ["sev0", "sev1", "sev2", "sev3"]
    requests: list[str] = []
    # The browser's own fetch of the tab's icon is not the page's.
    page.on("request", lambda request: None if "favicon" in request.url else requests.append(request.url))
    open_walkthrough(page, base_url + path.removesuffix(".md") + "/")
    page.wait_for_load_state("networkidle")
    requests.clear()  # from here on, the page is only read and clicked
    panel = page.locator(".pb-walkthrough__panel")
    for index, route in enumerate(paths(document.meta)):
        tier = tiers[index % 4]
        if index:
            panel.get_by_role("button", name="Start again").click()
        if index % 2 == 0:  # the tier chosen at the start, or else at the end
            panel.get_by_role("radio", name=tier).check()
        for step, answer in route[:-1]:
            assert " ".join(panel.locator("h3").inner_text().split()) == heading(step, numbers[step.id])
            assert " ".join(panel.locator(".pb-walkthrough__text").inner_text().split()) == " ".join(step.text.split())
            panel.get_by_role("button", name=answer or "Next", exact=True).click()
        last = route[-1][0]
        assert " ".join(panel.locator("h3").inner_text().split()) == heading(last, numbers[last.id]), route
        assert " ".join(panel.locator(".pb-walkthrough__text").inner_text().split()) == " ".join(last.text.split())
        assert panel.get_by_role("button", name="Next", exact=True).count() == 0  # the walk ends here
        if index % 2:
            panel.get_by_role("radio", name=tier).check()
        assert shown_end(page) == expected_end(sample, document, last, tier), [s.id for s, _ in route]
        assert requests == [], route  # walking through fetches nothing


def test_back_and_start_again_retrace_the_path(page: Page, base_url: str, sample):
    steps = sample.by_path[TRIAGE].meta.steps
    number = {step.id: f"Step {index} " for index, step in enumerate(steps, start=1)}
    first, second = steps[1].branches[-1], steps[1].branches[0]  # "No match", "CSAM hash"
    open_walkthrough(page, base_url + "processes/user-reports/triage-and-routing/")
    panel = page.locator(".pb-walkthrough__panel")
    panel.get_by_role("button", name="Next").click()
    panel.get_by_role("button", name=first.when, exact=True).click()
    assert panel.locator("h3").inner_text().startswith(number[first.next])
    panel.get_by_role("button", name="Back").click()
    assert panel.locator("h3").inner_text().startswith(number[steps[1].id])
    panel.get_by_role("button", name=second.when, exact=True).click()
    assert panel.locator("h3").inner_text().startswith(number[second.next])
    panel.get_by_role("button", name="Start again").click()
    assert panel.locator("h3").inner_text().startswith("Step 1 ")
    assert panel.get_by_role("button", name="Back").count() == 0
    panel.get_by_role("button", name="Close").click()
    assert panel.is_hidden()
    assert page.evaluate("document.activeElement.textContent") == "Walk me through"


def focused(page: Page) -> str:
    return page.evaluate("(document.activeElement.tagName + ' ' + document.activeElement.textContent).trim()")


def tab_to(page: Page, name: str, limit: int = 300) -> None:
    """Press Tab until the control named `name` (its text, or a radio's value) has the focus, never clicking."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(document.activeElement.textContent.trim() || document.activeElement.value || '')") == name:
            return
    raise AssertionError(f"{name!r} never got the focus; last: {focused(page)}")


def test_a_path_walked_with_the_keyboard_only(page: Page, base_url: str, sample):
    document = sample.by_path[TRIAGE]
    numbers = {step.id: number for number, step in enumerate(document.meta.steps, start=1)}
    route = max(paths(document.meta), key=len)  # the longest: through every decision
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(base_url + "processes/user-reports/triage-and-routing/")
    tab_to(page, "Walk me through")
    page.keyboard.press("Enter")
    for step, answer in route:
        # The new step's heading has the focus: a screen reader starts reading there.
        assert focused(page) == "H3 " + heading(step, numbers[step.id])
        if step is route[-1][0]:
            break
        tab_to(page, answer or "Next")
        page.keyboard.press("Enter" if answer else "Space")
    tab_to(page, "sev0")  # the tier, at the end: arrows move through the radio group
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert shown_end(page) == expected_end(sample, document, route[-1][0], "sev1")
    tab_to(page, "Back")
    page.keyboard.press("Enter")
    assert focused(page) == "H3 " + heading(route[-2][0], numbers[route[-2][0].id])
    tab_to(page, "Start again")
    page.keyboard.press("Enter")
    assert focused(page) == "H3 " + heading(route[0][0], 1)


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_translated_pages_walk_in_their_language(page: Page, base_url: str, sample, locale: str):
    texts = {key: value for key, (value, _) in translated_fields(sample.translations[INTAKE][locale].meta).items()}
    labels = catalogue(locale)["labels"]
    steps = {step.id: step for step in sample.by_path[INTAKE].meta.steps}
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{base_url}{locale}/processes/user-reports/intake/")
    page.get_by_role("button", name=labels["Walk me through"]).click()
    panel = page.locator(".pb-walkthrough__panel")
    # receive -> duplicate (No) -> imminent (Yes) -> emergency: an escalation to a team.
    for step_id, after in (("receive", None), ("duplicate", "imminent"), ("imminent", "emergency")):
        assert " ".join(panel.locator(".pb-walkthrough__text").inner_text().split()) == " ".join(texts[f"steps.{step_id}"].split())
        name = texts[f"steps.{step_id}.branches.{after}"] if after else labels["Next"]
        panel.get_by_role("button", name=name, exact=True).click()
    assert " ".join(panel.locator(".pb-walkthrough__text").inner_text().split()) == " ".join(texts["steps.emergency"].split())
    team = sample.names[locale].teams[steps["emergency"].to]
    assert panel.locator(".pb-walkthrough__to a").inner_text() == team.name
    assert panel.locator(".pb-walkthrough__contact dd").first.inner_text() == team.contact
    assert panel.locator(".pb-walkthrough__heading").inner_text().startswith(labels["Step {step}"].format(step=5))
    layout = panel.evaluate("""panel => ({direction: getComputedStyle(panel).direction,
        left: getComputedStyle(panel).borderLeftWidth, right: getComputedStyle(panel).borderRightWidth})""")
    assert panel.evaluate("p => p.scrollWidth <= p.clientWidth")  # nothing sticks out at 390 px
    if locale == "ar":  # right to left: the accent bar on the right, where the text starts
        assert layout == {"direction": "rtl", "left": "1px", "right": "4px"}
    else:
        assert layout == {"direction": "ltr", "left": "4px", "right": "1px"}


# --- Flowcharts ------------------------------------------------------------------------------------

CHART = """figure => {
    const host = figure.querySelector('.pb-flowchart__chart');
    const svg = host && host.shadowRoot && host.shadowRoot.querySelector('svg');
    const visible = svg && svg.getBoundingClientRect().width > 0 && !host.closest('[hidden]');
    const box = svg && svg.viewBox.baseVal;
    const labels = svg ? [...svg.querySelectorAll('.nodeLabel, .edgeLabel')].filter(l => l.textContent.trim()) : [];
    const scale = visible ? svg.getBoundingClientRect().width / box.width : 0;
    return {mode: figure.dataset.pbMode, visible: !!visible, labels: labels.length,
            smallest: Math.min(...labels.map(l => parseFloat(getComputedStyle(l).fontSize) * scale)),
            notice: !figure.querySelector('.pb-flowchart__notice').hidden,
            overflows: figure.scrollWidth > figure.clientWidth + 1,
            title: svg ? (svg.querySelector('title') || {}).textContent : null};
}"""


def diagram_pages(handbook, site: Path) -> list[str]:
    """Every page of the built edition with a flowchart: each segment's, each workflow's and the processes index."""
    pages = [d.path.removesuffix(".md") + "/" for d in handbook.processes]
    pages += [f"processes/{folder}/" for folder in handbook.config.workflows] + ["processes/"]
    return [path for path in pages if (site / path / "index.html").is_file()]  # restricted segments are left out


@pytest.fixture(scope="module")
def every_chart(session, base_url: str, sample, built_site: Path) -> Iterator[dict[tuple[str, int], list[dict]]]:
    """Every flowchart of the site measured at 360 and 1440 px: {(page, width): [chart, ...]}."""
    tab = session.context.new_page()
    found = {}
    for width in (360, 1440):
        tab.set_viewport_size({"width": width, "height": 900})
        for path in diagram_pages(sample, built_site):
            tab.goto(base_url + path)
            tab.wait_for_function("[...document.querySelectorAll('figure.pb-flowchart')].every(f => f.dataset.pbMode)")
            found[(path, width)] = tab.eval_on_selector_all("figure.pb-flowchart", f"figures => figures.map({CHART})")
    tab.close()
    yield found


def test_flowchart_text_is_12_px_or_more_or_the_numbered_steps_take_its_place(every_chart):
    for (path, width), charts in every_chart.items():
        assert charts, path
        for chart in charts:
            assert chart["mode"] in ("fit", "scroll", "narrow"), (path, width, chart)
            assert not chart["overflows"], (path, width, chart)
            if chart["visible"]:
                # 12 px, give or take the browser's rounding of the chart's width to a 64th of a pixel
                assert chart["labels"] > 3 and chart["smallest"] >= 11.99, (path, width, chart)
            else:  # in its place, the note pointing to the steps and the full-screen view
                assert chart["mode"] == "narrow" and chart["notice"], (path, width, chart)


def test_every_flowchart_is_drawn_at_desktop_width(every_chart, sample, built_site: Path):
    wide = [chart for (path, width), charts in every_chart.items() if width == 1440 for chart in charts]
    assert len(wide) == len(diagram_pages(sample, built_site)) >= 12
    assert all(chart["visible"] and chart["mode"] in ("fit", "scroll") for chart in wide), wide


def test_the_chart_numbers_its_boxes_as_the_steps_table_does(page: Page, base_url: str, sample):
    page.goto(base_url + "processes/user-reports/triage-and-routing/")
    page.wait_for_selector("figure.pb-flowchart[data-pb-mode]")
    boxes = page.locator(".pb-flowchart__chart .nodeLabel").all_inner_texts()
    rows = page.locator("article table tbody tr td:first-child").all_inner_texts()
    for number, step in enumerate(sample.by_path[TRIAGE].meta.steps, start=1):
        assert any(" ".join(box.split()) == f"{number}. {' '.join(step.text.split())}" for box in boxes), step.id
        assert f"{number}. {step.id}" in [" ".join(row.split()) for row in rows], step.id


def rgb(value: str) -> tuple[float, ...]:
    return tuple(float(part) for part in re.findall(r"[\d.]+", value)[:3])


def contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [c / 255 for c in rgb(colour)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


COLOURS = """() => {
    const root = document.querySelector('.pb-flowchart__chart').shadowRoot;
    const shape = root.querySelector('.node rect, .node polygon');
    const label = root.querySelector('.nodeLabel');
    const edge = root.querySelector('.flowchart-link');
    const probe = document.createElement('span');
    probe.style.color = getComputedStyle(document.body).getPropertyValue('--pb-chart-node');
    document.body.append(probe);
    const expected = getComputedStyle(probe).color;
    probe.remove();
    return {scheme: document.body.getAttribute('data-md-color-scheme'), fill: getComputedStyle(shape).fill,
            text: getComputedStyle(label).color, line: getComputedStyle(edge).stroke, expected,
            page: getComputedStyle(document.body).backgroundColor};
}"""


def test_the_chart_follows_the_light_and_dark_scheme_with_contrast(page: Page, base_url: str):
    page.emulate_media(color_scheme="light")
    page.goto(base_url + "processes/user-reports/intake/")
    page.wait_for_selector("figure.pb-flowchart[data-pb-mode='fit']")
    light = page.evaluate(COLOURS)
    try:
        page.locator("label[title='Switch to dark mode']").first.click()  # the theme's own toggle
        page.wait_for_function(f"({COLOURS})().fill !== {json.dumps(light['fill'])}")
        dark = page.evaluate(COLOURS)
    finally:
        page.evaluate("localStorage.clear()")  # the theme remembers the choice: later pages start from the system's
    assert (light["scheme"], dark["scheme"]) == ("default", "slate")
    for colours in (light, dark):
        assert rgb(colours["fill"]) == rgb(colours["expected"]), colours  # drawn in this scheme's colours
        assert contrast(colours["text"], colours["fill"]) >= 7, colours
        assert contrast(colours["line"], colours["page"]) >= 3, colours


@pytest.mark.parametrize("width", [390, 1440])
def test_full_screen_opens_closes_and_zooms_by_keyboard(page: Page, base_url: str, width: int):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base_url + "processes/user-reports/triage-and-routing/")
    page.wait_for_selector("figure.pb-flowchart[data-pb-mode]")
    tab_to(page, "Open full screen")
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.pb-flowchart-dialog")
    assert dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('pb-flowchart-dialog__canvas')")  # arrows scroll it

    def text_size() -> float:
        return dialog.evaluate("""d => { const svg = d.querySelector('.pb-flowchart-dialog__chart').shadowRoot.querySelector('svg');
            const label = svg.querySelector('.nodeLabel');
            return parseFloat(getComputedStyle(label).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; }""")

    assert round(text_size()) == 16  # the chart's own size
    start = dialog.evaluate("""d => { const canvas = d.querySelector('.pb-flowchart-dialog__canvas').getBoundingClientRect();
        const first = d.querySelector('.pb-flowchart-dialog__chart').shadowRoot.querySelector('g.node').getBoundingClientRect();
        return first.left >= canvas.left && first.right <= canvas.right; }""")
    assert start  # the first step is in view, where the reader starts
    address = page.url
    page.keyboard.press("n")  # the theme's "next page" shortcut: not while the chart is open
    assert page.url == address and dialog.evaluate("d => d.open")
    page.keyboard.press("+")
    assert round(text_size()) == 20
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert round(text_size()) == 14
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.textContent") == "Open full screen"


# --- Accessibility ---------------------------------------------------------------------------------

def serious_violations(page: Page, within: list[str] | None = None) -> list[dict]:
    """axe-core's serious and critical findings on the page, or only `within` these selectors."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text("utf-8"))  # inline: the page fetches nothing for it
    violations = page.evaluate(
        "async (within) => (await axe.run(within ? {include: within.map(s => [s])} : document, "
        "{resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))", within)
    return [v for v in violations if v["impact"] in ("serious", "critical")]


OURS = [".pb-walkthrough", "figure.pb-flowchart", "dialog.pb-flowchart-dialog"]
"""The walk-through, the chart and its full-screen view: what the dark-scheme run looks at (the
light runs look at the whole page)."""


@pytest.mark.parametrize("width,scheme", [(390, "light"), (1440, "light"), (1440, "dark")])
def test_axe_finds_nothing_serious_with_the_walkthrough_or_the_full_screen_chart_open(page: Page, base_url: str, sample,
                                                                                     width: int, scheme: str):
    within = OURS if scheme == "dark" else None
    page.add_init_script("localStorage.clear()")  # the theme keeps the last scheme shown: start from the system's
    page.emulate_media(color_scheme=scheme)
    steps = sample.by_path[TRIAGE].meta.steps
    open_walkthrough(page, base_url + "processes/user-reports/triage-and-routing/", width)
    panel = page.locator(".pb-walkthrough__panel")
    panel.get_by_role("radio", name="sev1").check()
    panel.get_by_role("button", name="Next").click()
    panel.get_by_role("button", name=steps[1].branches[0].when, exact=True).click()  # an escalation, with its contact
    page.wait_for_selector("figure.pb-flowchart[data-pb-mode]")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    assert serious_violations(page, within) == []
    page.get_by_role("button", name="Open full screen").click()
    assert serious_violations(page, within) == []
    page.emulate_media(color_scheme="light")


def test_axe_finds_nothing_serious_on_an_arabic_walkthrough(page: Page, base_url: str):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(base_url + "ar/processes/user-reports/intake/")
    page.locator(".pb-walkthrough__start").click()
    page.locator(".pb-walkthrough__next").click()
    assert serious_violations(page) == []

