"""The EU Digital Services Act statement-of-reasons vocabulary that policies map to.

Every enforcement decision a platform takes in the EU is reported to the DSA Transparency Database
with a category, optional keywords and a decision type. Mapping each policy to those values in its
front-matter keeps transparency reporting consistent with what moderators actually enforce.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class DsaVocabulary:
    """The allowed DSA values, with their official labels."""

    decisions: dict[str, str]
    """Decision keys (visibility, monetary, provision, account) to labels."""
    grounds: dict[str, str]
    """Decision ground keys to labels."""
    categories: dict[str, str]
    """Statement category keys to labels."""
    keywords: dict[str, dict[str, str]]
    """For each category, its keyword keys to labels."""
    other_keyword: str
    """The keyword allowed with any category."""

    def keyword_label(self, keyword: str) -> str:
        """The label of a keyword from any category."""
        if keyword == self.other_keyword:
            return "Not captured by any other keyword"
        for labels in self.keywords.values():
            if keyword in labels:
                return labels[keyword]
        return keyword


@cache
def vocabulary() -> DsaVocabulary:
    """Load the vocabulary shipped with the engine (read once per process)."""
    raw = yaml.load(resources.files("policybook.data").joinpath("dsa.yaml").read_text("utf-8"), Loader=yaml.CSafeLoader)
    return DsaVocabulary(
        decisions=raw["decisions"],
        grounds=raw["grounds"],
        categories={key: value["label"] for key, value in raw["categories"].items()},
        keywords={key: value["keywords"] or {} for key, value in raw["categories"].items()},
        other_keyword=raw["other_keyword"],
    )
