"""The floor for `policybook check`: read every page and parse its front-matter, nothing more.

    python -m benchmarks.floor ROOT
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def main() -> None:
    root = Path(sys.argv[1])
    count = 0
    for folder in ("policies", "processes"):
        for path in sorted((root / folder).rglob("*.md")):
            text = path.read_text("utf-8")
            end = text.find("\n---", 3)
            yaml.load(text[4:end], Loader=yaml.CSafeLoader)
            count += 1
    print(count)


if __name__ == "__main__":
    main()
