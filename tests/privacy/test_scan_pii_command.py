"""`manage.py scan_pii`: one JSON line of findings per input line, errors by line number on stderr."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(tmp_path, lines: list[str], *options) -> tuple[list[dict], str, CommandError | None]:
    source = tmp_path / "input.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    error = None
    try:
        call_command("scan_pii", "--input", str(source), *options, stdout=out, stderr=err)
    except CommandError as raised:
        error = raised
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue(), error


def test_each_input_line_gives_one_output_line_with_offsets_in_characters(tmp_path):
    lines = [
        json.dumps({"id": 1, "text": "Écrivez à Léa au 06 12 34 56 78.", "lang": "fr"}, ensure_ascii=False),
        json.dumps({"id": "b", "text": "I take 20 mg of lisinopril."}),
    ]
    output, errors, failure = run(tmp_path, lines)
    assert failure is None and errors == ""
    assert output == [
        {
            "id": 1,
            "findings": [
                {"start": 10, "end": 13, "kind": "PERSON", "score": 0.65},
                {"start": 17, "end": 31, "kind": "PHONE", "score": 0.95},
            ],
        },
        {"id": "b", "findings": []},
    ]
    text = "Écrivez à Léa au 06 12 34 56 78."
    assert text[10:13] == "Léa" and text[17:31] == "06 12 34 56 78"


def test_output_never_repeats_the_detected_values(tmp_path):
    output, _, _ = run(tmp_path, [json.dumps({"id": 1, "text": "Mon NIR : 2 87 06 38 379 668 32"})])
    assert output[0]["findings"][0]["kind"] == "NIR"
    assert "379" not in json.dumps(output)


def test_malformed_lines_are_reported_by_number_and_the_rest_is_still_scanned(tmp_path):
    lines = [
        '{"id": 1, "text": "Appelez le 06 12 34 56 78"}',
        "{not json",
        '{"id": 3, "text": 42}',
        '{"text": "no id"}',
        '{"id": 5, "text": "ok", "lang": "de"}',
        "[1, 2]",
        "",
        '{"id": 8, "text": "Mon mari Thomas"}',
    ]
    output, errors, failure = run(tmp_path, lines)
    assert [record["id"] for record in output] == [1, 8]
    assert failure is not None and "5 line(s)" in str(failure)
    reported = errors.splitlines()
    assert [line.split(":")[1] for line in reported] == ["2", "3", "4", "5", "6"]
    assert "not valid JSON" in reported[0]
    assert '"text" must be a string' in reported[1]
    assert 'missing "id"' in reported[2]
    assert '"lang" must be one of fr, en' in reported[3]


def test_a_missing_input_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("scan_pii", "--input", str(tmp_path / "absent.jsonl"), stdout=StringIO())


def test_model_option_uses_the_french_model(tmp_path, french_model):
    line = json.dumps(
        {"id": 1, "text": "Le rapport a été rédigé par Firmin Durand, cadre de santé.", "lang": "fr"}
    )
    without, _, _ = run(tmp_path, [line])
    with_model, _, _ = run(tmp_path, [line], "--use-model")
    assert without[0]["findings"] == []
    assert [f["kind"] for f in with_model[0]["findings"]] == ["PERSON"]
