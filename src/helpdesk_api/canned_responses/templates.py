"""Canned-response templates: ``{{ variable }}`` variables filled in one pass.

Pure functions, no I/O: the service gathers the values, this module only substitutes.
"""

import re
from collections.abc import Mapping

VARIABLES = (
    "contact.name",
    "contact.email",
    "contact.phone",
    "agent.name",
    "agent.email",
    "conversation.number",
    "inbox.name",
    "account.name",
)

_VARIABLE = re.compile(r"\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}\}")


def render(template: str, values: Mapping[str, str | None]) -> str:
    """``template`` with each ``{{ name }}`` replaced by ``values[name]``.

    Whitespace inside the braces is ignored. A known variable without a value (None)
    becomes the empty string; a name missing from ``values`` stays as written. Values are
    inserted verbatim and never expanded again, so a customer named ``{{agent.email}}``
    cannot pull other data into the text.
    """

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        return values[name] or ""

    return _VARIABLE.sub(substitute, template)
