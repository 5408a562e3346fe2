"""Flowcharts generated from the steps and hand-offs (policybook.rendering.diagrams, policybook.flow)."""

from __future__ import annotations

import html
import json
import re

from policybook.loading import load_handbook
from policybook.rendering.diagrams import FIGURE, LIBRARY_URI, diagram_script, fence, segment_flowchart, workflow_flowchart
from policybook.rendering.messages import writing_in
from policybook.rendering.pages import FLOWCHART_LEGEND, NARROW_FLOWCHART
from policybook.rendering.site import render
from test_process_logic import SEGMENT, segment


def test_segment_flowchart_has_a_node_per_step_and_an_edge_per_next(tmp_handbook):
    tmp_handbook.write(SEGMENT, segment("""
  - {id: draw, type: action, text: "Draw the quarter's sample (see [decision sampling][PRC-QA-001]).", next: complete}
  - id: complete
    type: decision
    text: Does every case have its "evidence" & notes?
    branches:
      - {when: "Yes", next: end}
      - {when: "No", next: chase, loop: false}
      - {when: Vendor refuses, next: contract}
  - {id: chase, type: action, text: Ask the vendor for the missing evidence., next: complete, loop: true}
  - {id: contract, type: escalation, text: "Raise it with the vendor manager <#vendor-desk>.", to: ts-operations, next: end}
  - {id: end, type: outcome, text: Audit report sent.}
"""))
    handbook = load_handbook(tmp_handbook.root)
    assert segment_flowchart(handbook, handbook.by_id["PRC-QA-009"]) == "\n".join([
        "flowchart TD",
        "    accTitle: Steps of Vendor audit",
        # Each box carries the step's number in the steps table.
        '    step_draw["1. Draw the quarter\'s sample (see decision sampling)."]',
        '    step_complete{"2. Does every case have its #quot;evidence#quot; & notes?"}',
        '    step_chase["3. Ask the vendor for the missing evidence."]',
        '    step_contract{{"4. Raise it with the vendor manager #lt;#35;vendor-desk#gt;."}}',
        '    step_end(["5. Audit report sent."])',
        '    team_ts_operations>"Trust & Safety Operations"]',
        "    step_draw --> step_complete",
        '    step_complete -->|"Yes"| step_end',
        '    step_complete -->|"No"| step_chase',
        '    step_complete -->|"Vendor refuses"| step_contract',
        '    step_chase -.->|"loop"| step_complete',
        "    step_contract --> step_end",
        "    step_contract ==> team_ts_operations",
    ])


def test_sample_intake_flowchart_hands_emergencies_to_law_enforcement_response(sample):
    source = segment_flowchart(sample, sample.by_id["PRC-UR-001"]).splitlines()
    nodes = [line.strip() for line in source if line.startswith("    step_") and "->" not in line and "==>" not in line]
    assert [node.split('"')[0] for node in nodes] == [
        "step_receive[", "step_duplicate{", "step_merge([", "step_imminent{", "step_emergency{{", "step_complete{",
        "step_request_info[", "step_classify[", "step_queued(["]
    for edge in ('step_duplicate -->|"Yes"| step_merge', 'step_imminent -->|"Yes"| step_emergency',
                 'step_request_info -.->|"loop"| step_complete', "step_emergency ==> team_law_enforcement_response",
                 "step_classify --> step_queued"):
        assert f"    {edge}" in source, edge
    assert '    team_law_enforcement_response>"Law Enforcement Response"]' in source


def test_workflow_flowchart_shows_the_chain_and_cases_crossing_workflows(sample):
    source = workflow_flowchart(sample, ["law-enforcement"]).splitlines()
    assert '    subgraph workflow_law_enforcement["Law-enforcement referral"]' in source
    assert '        segment_PRC_LE_001[["1. Threat assessment"]]' in source
    # Segments of other workflows appear only where a case crosses over.
    assert '        segment_PRC_UR_003[["3. First-line review"]]' in source
    assert not any("PRC_UR_002" in line for line in source)
    for edge in ("segment_PRC_LE_001 ==> segment_PRC_LE_002",
                 'segment_PRC_UR_003 -.->|"Emergency"| segment_PRC_LE_001',
                 'segment_PRC_UR_004 -.->|"Refer threat"| segment_PRC_LE_001',
                 'segment_PRC_LE_001 -.->|"Wellbeing"| team_wellbeing_policy'):
        assert f"    {edge}" in source, edge
    # LE-001 also lists LE-002 in escalates_to: the `next` arrow already draws that path.
    assert "    segment_PRC_LE_001 -.-> segment_PRC_LE_002" not in source


def test_all_workflows_view_leaves_teams_out(sample):
    source = workflow_flowchart(sample, list(sample.config.workflows), teams=False)
    assert "team_" not in source
    assert source.count("    subgraph ") == len(sample.config.workflows)
    assert '    segment_PRC_AP_003 -.->|"Open appeal"| segment_PRC_AP_002' in source.splitlines()


def test_process_page_carries_the_walkthrough_and_the_flowchart_in_its_steps_section(sample):
    page = render(sample, "processes/user-reports/intake.md", sample.by_path["processes/user-reports/intake.md"].body)
    steps = page.split("## Steps {#steps}")[1]
    walkthrough, figure = steps.index('<div class="pb-walkthrough" data-pb-walkthrough="'), steps.index(FIGURE)
    assert walkthrough < figure < steps.index(FLOWCHART_LEGEND) < steps.index("<table")
    source = html.escape(segment_flowchart(sample, sample.by_id["PRC-UR-001"]))
    assert f'<pre class="pb-flowchart__source"><code>{source}</code></pre>' in steps
    assert "-->" not in steps[figure:steps.index("</figure>")]  # an arrow would end the block's comment
    labels = json.loads(html.unescape(re.search(r'<figure[^>]* data-pb-flowchart="([^"]*)"', steps)[1]))
    assert labels["narrow"] == NARROW_FLOWCHART and labels["open"] == "Open full screen"
    # The chart's boxes and the table's rows carry the same numbers.
    for number, step in enumerate(sample.by_id["PRC-UR-001"].meta.steps, start=1):
        assert f'{number}. ' in source.split(f"step_{step.id.replace('-', '_')}", 1)[1].split("\n", 1)[0], step.id
        assert re.search(f'<td[^>]*><span id="step-{step.id}"></span>{number}. ', steps), step.id
    teams = '<a href="../../../teams/#law-enforcement-response">Law Enforcement Response</a>'
    assert re.search(f"<td[^>]*>Escalate to {re.escape(teams)}", steps)
    assert (f'<li>{teams} — LER duty officer, <code>#ler-duty</code> (from <a href="#step-emergency">step 5</a>)</li>'
            in page)


def test_library_script_only_where_a_diagram_is():
    url = "../../" + LIBRARY_URI
    generated = "\n".join(fence("flowchart TD\n    a --> b")[2:-2])  # the figure, without its block's comment
    for with_diagram in ('<h2>Steps</h2>\n<pre class="mermaid"><code>flowchart TD</code></pre>', f"<h2>Steps</h2>\n{generated}"):
        assert diagram_script(with_diagram, url) == with_diagram + f'\n<script src="{url}"></script>'
    assert diagram_script("<p>No diagram, only <code>mermaid</code> in a sentence.</p>", url).count("<script") == 0


def test_appeals_and_sampling_continue_from_enforcement_across_workflows(sample):
    appeals = workflow_flowchart(sample, ["appeals"])
    assert '    segment_PRC_UR_005 -->|"continues in"| segment_PRC_AP_001' in appeals
    page = render(sample, "processes/user-reports/enforcement-and-notice.md",
                  sample.by_path["processes/user-reports/enforcement-and-notice.md"].body)
    assert 'Continues in: <a href="../../appeals/appeal-intake/">PRC-AP-001 Appeal intake</a>' in page


def test_continuation_to_an_unknown_segment_is_reported(tmp_handbook):
    path = "processes/user-reports/enforcement-and-notice.md"
    page = tmp_handbook.root / path
    text = page.read_text("utf-8").replace("continues_in: [PRC-AP-001,", "continues_in: [PRC-AP-009,", 1)
    page.write_text(text, "utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith("continues_in:"))
    found = [(d.path, d.line, d.code) for d in tmp_handbook.diagnostics()]
    assert (path, line, "XREF003") in found


def test_loops_are_labelled_in_the_pages_language(sample):
    with writing_in("es"):
        source = segment_flowchart(sample, sample.by_id["PRC-UR-001"])
    assert '    step_request_info -.->|"bucle"| step_complete' in source.splitlines()
