import json

from annotator.core.assets import resource, schema
from annotator.core.text import content_hash, normalise_text


def test_resources_and_schemas_are_found_through_importlib_resources():
    assert "Denial" in resource("guidelines.md").read_text(encoding="utf-8")
    samples = resource("samples/articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(samples) >= 3 and all(json.loads(line)["text"] for line in samples)
    statement = json.loads(schema("statement.schema.json").read_text(encoding="utf-8"))
    assert statement["$schema"].endswith("2020-12/schema") and statement["$id"]


def test_statement_schema_is_a_valid_draft_2020_12_schema():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(json.loads(schema("statement.schema.json").read_text()))


def test_content_hash_ignores_white_space_layout_but_not_words():
    assert normalise_text(" a \n\n b\t") == "a b"
    assert content_hash("Peskov said  no.\n") == content_hash("Peskov said no.")
    assert content_hash("Peskov said no.") != content_hash("Peskov said yes.")
    # NFC: a composed and a decomposed é are the same text.
    assert content_hash("caf\u00e9") == content_hash("cafe\u0301")
