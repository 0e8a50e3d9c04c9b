import pytest

from helpdesk_api.canned_responses.templates import VARIABLES, render

VALUES: dict[str, str | None] = {
    "contact.name": "Ada",
    "contact.email": "ada@example.com",
    "contact.phone": None,
    "agent.name": "Grace",
}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Hi {{contact.name}}!", "Hi Ada!"),
        ("Hi {{ contact.name }} / {{\tcontact.email  }}", "Hi Ada / ada@example.com"),
        ("Call {{contact.phone}} now", "Call  now"),
        ("{{contact.name}}{{contact.name}}", "AdaAda"),
        ("Dear {{customer.name}}", "Dear {{customer.name}}"),
        ("{{ unknown }} and {{agent.name}}", "{{ unknown }} and Grace"),
        ("{contact.name} {{contact.name}", "{contact.name} {{contact.name}"),
        ("{{{contact.name}}}", "{Ada}"),
        ("{{contact. name}}", "{{contact. name}}"),
        ("no variables", "no variables"),
        ("", ""),
    ],
)
def test_render_substitutes_known_variables(template: str, expected: str) -> None:
    assert render(template, VALUES) == expected


def test_values_are_not_expanded_again() -> None:
    values = {"contact.name": "{{agent.email}}", "agent.email": "secret@example.com"}
    assert render("Hi {{contact.name}}", values) == "Hi {{agent.email}}"


def test_values_with_regex_replacement_syntax_are_inserted_verbatim() -> None:
    assert render("{{contact.name}}", {"contact.name": r"\1 \g<0>"}) == r"\1 \g<0>"


def test_catalogue_lists_the_documented_variables() -> None:
    assert set(VARIABLES) == {
        "contact.name",
        "contact.email",
        "contact.phone",
        "agent.name",
        "agent.email",
        "conversation.number",
        "inbox.name",
        "account.name",
    }
