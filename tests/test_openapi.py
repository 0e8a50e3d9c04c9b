import json
from pathlib import Path

from helpdesk_api.cli import openapi_json
from helpdesk_api.errors import PROBLEM_MEDIA_TYPE

OPENAPI_FILE = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"


def test_committed_openapi_matches_the_app() -> None:
    """Regenerate with `helpdesk-api openapi` when this fails."""
    assert OPENAPI_FILE.read_text() == openapi_json()


def test_operation_ids_are_readable() -> None:
    spec = json.loads(openapi_json())
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert "users-update_user" in ids
    assert len(ids) == len(set(ids))


def test_every_error_is_documented_as_the_problem_the_server_sends() -> None:
    spec = json.loads(openapi_json())
    assert "HTTPValidationError" not in json.dumps(spec)
    assert "ValidationError" not in spec["components"]["schemas"]
    assert {"Problem", "FieldError"} <= set(spec["components"]["schemas"])
    problem = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            errors = {code: r for code, r in operation["responses"].items() if code[0] in "45"}
            for code, response in errors.items():
                assert response["content"] == problem, (method, path, code)
            assert "422" in errors, (method, path)
            if operation.get("security"):
                assert "401" in errors, (method, path)
            if "requestBody" in operation:
                assert {"400", "413"} <= set(errors), (method, path)


def test_soft_deletes_say_so() -> None:
    paths = json.loads(openapi_json())["paths"]
    for path in ("/users/{user_id}", "/inboxes/{inbox_id}", "/api-tokens/{token_id}"):
        assert "soft delete" in paths[f"/api/v1{path}"]["delete"]["description"], path
