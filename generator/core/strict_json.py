"""The one way winplan writes JSON: strict JSON, which every parser (browsers, jq, `JSON.parse`) accepts.

Python's `json.dumps` writes NaN and infinities as `NaN` and `Infinity` by default, which is not JSON. Here they
raise ValueError instead; none can reach a writer (the reader refuses non-finite and absurd numbers, settings
must be finite), so an error here is a winplan bug, never a malformed file handed to a user. Text is kept as
UTF-8 rather than escaped.
"""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any, *, indent: int | None = None, compact: bool = False, sort_keys: bool = False,
          ascii_only: bool = False) -> str:
    """`value` as strict JSON: indented by `indent`, or without any space when `compact`; with `ascii_only`,
    every non-ASCII character (a lone surrogate of a name that is not UTF-8 too) as a \\u escape."""
    return json.dumps(value, ensure_ascii=ascii_only, allow_nan=False, indent=indent, sort_keys=sort_keys,
                      separators=(",", ":") if compact else None)
