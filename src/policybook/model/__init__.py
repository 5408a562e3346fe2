"""The content model: what writers type in front-matter, validated with pydantic.

These models are the contract. The JSON Schema editors use (`policybook schema`) and the
front-matter reference pages are generated from them.
"""

from policybook.model.common import ChangelogEntry, Severity, Status, parse_duration
from policybook.model.glossary import DeprecatedTerm, Glossary, GlossaryEntry
from policybook.model.policy import DsaMapping, EnforcementAction, Policy, PolicyException, RegionalRule
from policybook.model.process import Branch, ProcessSegment, Role, Sla, Step, StepType
from policybook.model.team import EscalationContact, Team, TeamRegistry
from policybook.model.translation import TranslatedFrom, Translation

__all__ = [
    "Branch", "ChangelogEntry", "DeprecatedTerm", "DsaMapping", "EnforcementAction", "EscalationContact",
    "Glossary", "GlossaryEntry", "Policy", "PolicyException", "ProcessSegment", "RegionalRule", "Role",
    "Severity", "Sla", "Status", "Step", "StepType", "Team", "TeamRegistry", "TranslatedFrom", "Translation",
    "parse_duration",
]
