"""The embedded sample handbook: complete, consistent, and valid under every check."""

from __future__ import annotations

from collections import Counter

from policybook.checks import run_checks
from policybook.diagnostics import Level
from policybook.documents import Kind, source_digest
from policybook.model import Policy, ProcessSegment, Status


def test_sample_has_no_errors(sample):
    errors = [d for d in run_checks(sample) if d.level is Level.error]
    assert errors == []


def test_policies_cover_the_areas_of_a_short_video_platform(sample):
    active = [d for d in sample.policies if d.meta.status is Status.active]
    assert len(sample.policies) >= 16
    assert len({d.folder for d in active}) >= 6
    assert any(d.meta.status is Status.retired for d in sample.policies)
    for document in sample.policies:
        headings = {line.split("{#")[-1].rstrip("}") for line in document.body.splitlines() if line.startswith("## ")}
        if document.meta.status is not Status.retired:
            assert {"rationale", "what-is-not-allowed"} <= headings, document.path
        assert len(document.body.split()) >= 300, document.path
        assert document.meta.changelog and document.meta.regions and document.meta.enforcement


def test_every_retired_policy_is_superseded_by_an_active_one(sample):
    superseding = {old: d for d in sample.policies for old in d.meta.supersedes}
    for document in sample.policies:
        if document.meta.status is Status.retired:
            assert superseding[document.id].meta.status is Status.active


def test_workflows_and_segments(sample):
    segments = sample.processes
    assert len(segments) >= 10
    workflows = Counter(d.meta.workflow for d in segments)
    assert len(workflows) >= 3
    named = {d.meta.segment for d in segments}
    assert {"intake", "appeal-review", "calibration"} <= named
    for workflow in workflows:
        orders = [d.meta.order for d in segments if d.meta.workflow == workflow]
        assert orders == list(range(1, len(orders) + 1)), workflow


def test_glossary_has_the_terms_and_deprecated_synonyms(sample):
    english = sample.glossaries["en"]
    assert len(english.entries) >= 60
    preferred = {term.term.casefold(): entry.id for entry in english.entries for term in entry.deprecated}
    for deprecated in ("child pornography", "revenge porn", "shadowban"):
        assert deprecated in preferred, deprecated
    ids = [entry.id for entry in english.entries]
    for locale, glossary in sample.glossaries.items():
        assert sorted(entry.id for entry in glossary.entries) == sorted(ids), locale


def test_five_locales_with_partial_current_and_outdated_coverage(sample):
    locales = [entry.code for entry in sample.config.locales]
    assert len(locales) >= 5 and "ar" in locales
    states: dict[str, Counter] = {locale: Counter() for locale in locales}
    for source in (*sample.policies, *sample.processes):
        for locale in locales:
            translation = sample.translations.get(source.path, {}).get(locale)
            if translation is None:
                states[locale]["missing"] += 1
            elif translation.meta.translated_from.digest == source_digest(source):
                states[locale]["current"] += 1
            else:
                states[locale]["outdated"] += 1
    for locale, counts in states.items():
        assert counts["current"] >= 2 and counts["missing"] >= 1, (locale, counts)
    assert sum(counts["outdated"] for counts in states.values()) >= 3
    assert states["ar"]["outdated"] >= 1


def test_cross_references_are_dense(sample):
    for document in sample.documents:
        if document.kind is Kind.translation:
            continue
        meta = document.meta
        linked = meta.related if isinstance(meta, Policy) else meta.policies if isinstance(meta, ProcessSegment) else []
        in_body = document.body.count("][POL-") + document.body.count("][PRC-")
        assert linked or in_body, document.path
