from pathlib import Path

from helpdesk_api.cli import openapi_json

OPENAPI_FILE = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"


def test_committed_openapi_matches_the_app() -> None:
    """Regenerate with `helpdesk-api openapi` when this fails."""
    assert OPENAPI_FILE.read_text() == openapi_json()


def test_operation_ids_are_readable() -> None:
    import json

    spec = json.loads(openapi_json())
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert "users-update_user" in ids
    assert len(ids) == len(set(ids))
