"""The answers as FHIR R4: a `Questionnaire` generated from the journey and the JSON Schema, and the
answers document to and from a `QuestionnaireResponse`, for a clinic's records.

Nothing here is written by hand per question. The Questionnaire's items follow the answers schema
(decision_aid/schemas/answers-1.schema.json): each object is a `group`, each value a question whose
type comes from the schema (integer, decimal, boolean, string, a `choice` for an enum), each list of
objects a repeating group and each list of values a repeating question (a repeating `choice` for a
list of an enum's values). A date (YYYY-MM-DD, `answered_on` and each earlier visit's date) is a FHIR
`date`. A fixed value inside a part (`history.version`) is a read-only question with that value as its
answer, so a response says which shape of that part it carries. A map (`knowledge.answers`: question
id -> choice id) is a repeating group of two string questions, the question's id and the choice's id,
in the map's order. `history.loaded` is kept in the session only and never leaves it: it is not asked,
and the FHIR download is made from the document as a saved file has it (`history.as_of`). The words come from
the journey (decision_aid/journey/: a question's label, each choice's label, the page's step name),
falling back to the schema's description. `linkId` is the value's path in the answers document
("activity.basdai.fatigue"), so `from_response` turns a response back into the same document.

BASDAI and ASDAS go in as calculated items (read-only decimals with an SDC `calculatedExpression`
in FHIRPath) coded in this project's own code system: we found no LOINC code we could check for
them, and a made-up LOINC code would be worse than none. On import they are ignored, since the
app works them out from the answers again.

The response holds no name, identifier, subject, author or date: only the answers. Canonical URLs
are under `CANONICAL_BASE`, this project's namespace (an identifier, never fetched); each instance
also serves the Questionnaire at `/fhir/Questionnaire/axspa-answers` (fhir_views.py).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from flask_babel import force_locale

from . import answers as answers_mod
from .answers import AnswerError, AnswersInvalid
from .i18n import gettext as _

CANONICAL_BASE = "https://axspa-decision-aid.org/fhir"
QUESTIONNAIRE_ID = "axspa-answers"
QUESTIONNAIRE_URL = f"{CANONICAL_BASE}/Questionnaire/{QUESTIONNAIRE_ID}"
QUESTIONNAIRE_VERSION = "1"  # the answers schema's version (answers-1.schema.json)
QUESTIONNAIRE_CANONICAL = f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}"
SCORES_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/scores"
FHIR_MIME = "application/fhir+json"
CALCULATED = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
MAX_ITEMS = 600  # a full response has about 90 items; anything far larger is not ours
MAX_DEPTH = 24   # JSON nesting of a response: 4 groups deep, each item -> answer -> value -> coding


def code_system(path: str) -> str:
    """The code system of the enum at `path` (its codes are the answers file's own values)."""
    return f"{CANONICAL_BASE}/CodeSystem/{path}"


def _plain(path: str) -> str:
    """"treatments.csdmards[drug=methotrexate].status" -> "treatments.csdmards.status"."""
    return re.sub(r"\[[^]]*\]", "", path)


@cache
def _journey_words() -> dict[str, dict[str, Any]]:
    """For each document path, the journey's words: question text, step name, choice labels (in English,
    whichever language the request that first asks is in: the journey reads its words in the request's)."""
    with force_locale("en"):
        return _read_journey_words()


def _read_journey_words() -> dict[str, dict[str, Any]]:
    from . import words
    from .journey.pages import PAGES

    found: dict[str, dict[str, Any]] = {}

    def note(path: str, text: str, step: str, labels: dict[str, str], summary: str = "", page: str = "") -> None:
        entry = found.setdefault(path, {"text": text, "step": step, "labels": {}, "summary": summary, "page": page})
        for value, label in labels.items():
            entry["labels"].setdefault(value, label)

    for page in PAGES:
        for f in page.form.every_field():
            choices = {str(getattr(c, "value", c)): str(getattr(c, "label", c)) for c in (getattr(f, "choices", None) or [])}
            paths = getattr(f, "paths", None)
            if isinstance(paths, dict):  # one checkbox per true/false answer: each its own question
                for value, path in paths.items():
                    note(path, choices.get(value) or value, page.step_name, {})
                continue
            if not f.path:
                continue
            text = str(f.label.text)
            drug = re.search(r"\[drug=(\w+)\]", f.path)
            if drug:
                name = {**words.CSDMARDS, **words.ADVANCED}.get(drug.group(1), drug.group(1))
                text = re.sub(re.escape(str(name)), "this medicine", text, flags=re.IGNORECASE)
            mapping = getattr(f, "mapping", None) or {}
            labels = {str(mapping.get(v, v)): label for v, label in choices.items() if not isinstance(mapping.get(v), bool)}
            note(_plain(f.path), text, page.step_name, labels, f.summary, page.title)
    for path, (text, labels) in _other_words().items():
        note(path, text, "", labels)
    return found


def _option_titles() -> dict[str, str]:
    """The options' titles from their files (the default content), for the leaning's choices."""
    import yaml

    from .config import ROOT
    from .engine.validate import OPTION_IDS

    titles: dict[str, str] = {}
    for oid in OPTION_IDS:
        try:
            loaded = yaml.safe_load((ROOT / "rules" / "options" / f"{oid}.yaml").read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(loaded, dict) and isinstance(loaded.get("title"), str):
            titles[oid] = loaded["title"]
    return titles


def _other_words() -> dict[str, tuple[str, dict[str, str]]]:
    """Words for the values the question pages do not ask: the date and earlier visits (history.py),
    the knowledge check and the leaning after the sheet (after_sheet.py)."""
    from . import after_sheet, words

    advanced = dict(words.ADVANCED)
    visit = {"date": ("Date of the visit's answers", {}),
             "basdai": ("BASDAI (0 to 10)", {}),
             "asdas": ("ASDAS", {}),
             "asdas_kind": ("Blood test the ASDAS used", {"CRP": "CRP", "ESR": "ESR"}),
             "crp_mg_l": ("CRP (mg/L)", {}),
             "esr_mm_h": ("ESR (mm/h)", {}),
             "advanced": ("Biologic or JAK inhibitor medicines taken then", advanced)}
    found: dict[str, tuple[str, dict[str, str]]] = {
        "answered_on": ("Date of these answers", {}),
        "history": ("Earlier visits", {}),
        "history.version": ("Version of the earlier visits' format", {}),
        "history.visits": ("Earlier visit (oldest first)", {}),
        "history.left_out": ("Older visits left out to keep the answers small", {}),
        "knowledge": ("Knowledge check after the options sheet", {}),
        "knowledge.version": ("Version of the knowledge check's questions", {}),
        "knowledge.answers": ("Answer picked for each question", {}),
        "knowledge.answers.question": ("Question (its id in the knowledge check)", {}),
        "knowledge.answers.choice": (f"Choice picked (its id; {after_sheet.NOT_SURE!r} is 'I am not sure')", {}),
        "leaning": ("Leaning after the options sheet", {}),
        "leaning.options": (after_sheet.LEANING_QUESTION,
                            {**_option_titles(), after_sheet.NOT_SURE: after_sheet.NOT_SURE_YET}),
        "leaning.certainty": (after_sheet.CERTAINTY_QUESTION, dict(after_sheet.CERTAINTY_LABELS)),
    }
    found |= {f"history.visits.{key}": said for key, said in visit.items()}
    return found


MAP_KEY, MAP_VALUE = "question", "choice"  # the two questions of a map's repeating group (knowledge.answers)


def _date_pattern() -> str:
    return str(answers_mod.schema()["properties"]["answered_on"]["pattern"])


def _is_map(node: dict[str, Any]) -> bool:
    """An object whose keys are data (knowledge.answers: question id -> choice id), not fixed names."""
    return node.get("type") == "object" and "properties" not in node and isinstance(node.get("additionalProperties"), dict)


def _schema_leaf_type(node: dict[str, Any]) -> str:
    if "enum" in node:
        return "choice"
    if "const" in node:
        return "integer" if isinstance(node["const"], int) and not isinstance(node["const"], bool) else "string"
    if node.get("type") == "string" and node.get("pattern") == _date_pattern():
        return "date"
    kind = node.get("type")
    return {"integer": "integer", "number": "decimal", "boolean": "boolean"}.get(str(kind), "string")


def _title(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _bounds(node: dict[str, Any], fhir_type: str) -> list[dict[str, Any]]:
    value_key = "valueInteger" if fhir_type == "integer" else "valueDecimal"
    return [{"url": url, value_key: node[key]} for key, url in (("minimum", MIN_VALUE), ("maximum", MAX_VALUE))
            if key in node]


def _choices(path: str, node: dict[str, Any], labels: dict[str, str]) -> list[dict[str, Any]]:
    return [{"valueCoding": {"system": code_system(path), "code": str(v), "display": labels.get(str(v), _title(str(v)))}}
            for v in node["enum"]]


def _map_items(path: str, node: dict[str, Any], words: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    key_node = {"type": "string", **node.get("propertyNames", {})}
    value_node = dict(node["additionalProperties"])
    return [_item(f"{path}.{MAP_KEY}", key_node, True, words), _item(f"{path}.{MAP_VALUE}", value_node, True, words)]


def _item(path: str, node: dict[str, Any], required: bool, words: dict[str, dict[str, Any]]) -> dict[str, Any]:
    said = words.get(path, {})
    text = said.get("text") or node.get("description") or _title(path.rsplit(".", 1)[-1])
    if node.get("type") == "array" and said.get("summary"):  # a list: its short name, not its first box's label
        text = said["summary"]
    elif node.get("type") == "object" and not said:  # a group of questions: the page that asks them
        pages = [w["page"] for p, w in words.items() if p.startswith(path + ".") and w.get("page")]
        text = pages[0] if pages else text
    item: dict[str, Any] = {"linkId": path, "text": text}
    if _is_map(node):
        item["type"] = "group"
        item["repeats"] = True
        item["item"] = _map_items(path, node, words)
    elif "const" in node:  # a part's fixed value (history.version): given, never asked
        item["type"] = _schema_leaf_type(node)
        item["readOnly"] = True
        item["initial"] = [{"valueInteger" if item["type"] == "integer" else "valueString": node["const"]}]
    elif node.get("type") == "object":
        item["type"] = "group"
        item["item"] = _children(path, node, words)
    elif node.get("type") == "array" and isinstance(node.get("items"), dict) and node["items"].get("type") == "object":
        item["type"] = "group"
        item["repeats"] = True
        item["item"] = _children(path, node["items"], words)
    elif node.get("type") == "array":
        sub = node.get("items", {})
        item["type"] = _schema_leaf_type(sub)
        item["repeats"] = True
        if item["type"] == "choice":
            item["answerOption"] = _choices(path, sub, said.get("labels", {}))
        if "maxLength" in sub:
            item["maxLength"] = sub["maxLength"]
    else:
        item["type"] = _schema_leaf_type(node)
        if item["type"] == "choice":
            item["answerOption"] = _choices(path, node, said.get("labels", {}))
        elif item["type"] in ("integer", "decimal") and _bounds(node, item["type"]):
            item["extension"] = _bounds(node, item["type"])
        if "maxLength" in node:
            item["maxLength"] = node["maxLength"]
    if required:
        item["required"] = True
    return item


SESSION_ONLY = frozenset({"history.loaded"})  # kept in the session, never in a file: not asked


def _asked(path: str, sub: dict[str, Any]) -> bool:
    """Every value in the schema but the document's own `schema` (the Questionnaire's version says it)
    and what is kept in the session only."""
    return not ("const" in sub and "." not in path) and path not in SESSION_ONLY


def _children(path: str, node: dict[str, Any], words: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    required = set(node.get("required", ()))
    found = []
    for key, sub in node.get("properties", {}).items():
        child = f"{path}.{key}" if path else key
        if _asked(child, sub):
            found.append(_item(child, sub, key in required, words))
    return found


def _answer_value(link_id: str) -> str:
    return f"%resource.repeat(item).where(linkId='{link_id}').answer.value.first()"


def _score_items() -> list[dict[str, Any]]:
    q = {k: _answer_value(f"activity.basdai.{k}") for k in
         ("fatigue", "spinal_pain", "peripheral_pain", "tenderness", "stiffness_severity", "stiffness_duration")}
    glob, crp, esr = (_answer_value(f"activity.{k}") for k in ("patient_global", "crp_mg_l", "esr_mm_h"))
    common = "{c1} * {sp} + {c2} * {sd} + {c3} * {pg} + {c4} * {pp}"
    expressions = {
        "basdai": f"({q['fatigue']} + {q['spinal_pain']} + {q['peripheral_pain']} + {q['tenderness']}"
                  f" + ({q['stiffness_severity']} + {q['stiffness_duration']}) / 2) / 5",
        "asdas_crp": common.format(c1=0.12, c2=0.06, c3=0.11, c4=0.07, sp=q["spinal_pain"], sd=q["stiffness_duration"],
                                   pg=glob, pp=q["peripheral_pain"]) + f" + 0.58 * (iif({crp} < 2, 2, {crp}) + 1).ln()",
        "asdas_esr": common.format(c1=0.08, c2=0.07, c3=0.11, c4=0.09, sp=q["spinal_pain"], sd=q["stiffness_duration"],
                                   pg=glob, pp=q["peripheral_pain"]) + f" + 0.29 * {esr}.sqrt()",
    }
    names = {"basdai": "BASDAI (Bath Ankylosing Spondylitis Disease Activity Index), 0 to 10",
             "asdas_crp": "ASDAS-CRP (Ankylosing Spondylitis Disease Activity Score, with CRP)",
             "asdas_esr": "ASDAS-ESR (Ankylosing Spondylitis Disease Activity Score, with ESR)"}
    return [{"linkId": f"scores.{key}", "text": names[key], "type": "decimal", "readOnly": True,
             "code": [{"system": SCORES_SYSTEM, "code": key, "display": names[key]}],
             "extension": [{"url": CALCULATED, "valueExpression": {"language": "text/fhirpath", "expression": expr}}]}
            for key, expr in expressions.items()]


@cache
def _questionnaire_json() -> str:
    from .journey.pages import STEPS

    schema = answers_mod.schema()
    words = _journey_words()
    sections = _children("", schema, words)
    for section in sections:  # a section's text: the journey's step where its first question is asked
        steps = [words[p]["step"] for p in words if p.startswith(section["linkId"] + ".") and words[p]["step"]]
        section["text"] = steps[0] if steps else (schema["properties"][section["linkId"]].get("description")
                                                  or _title(section["linkId"]))
        if section["linkId"] == "sure":
            section["text"] = "SURE test"
        elif not steps and section["linkId"] in words:  # not asked on a question page: its own words
            section["text"] = words[section["linkId"]]["text"]
    sections.append({"linkId": "scores", "text": "Scores (worked out from the answers)", "type": "group",
                     "readOnly": True, "item": _score_items()})
    questionnaire = {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "url": QUESTIONNAIRE_URL,
        "version": QUESTIONNAIRE_VERSION,
        "name": "AxSpATreatmentOptionsAnswers",
        "title": "AS treatment options: answers",
        "status": "active",
        "subjectType": ["Patient"],
        "description": "The answers a person gives in the open-source treatment-options decision aid for ankylosing "
                       f"spondylitis / axial spondyloarthritis ({', '.join(STEPS[:-1]).lower()}). Generated from the "
                       "aid's questions and its answers JSON Schema.",
        "item": sections,
    }
    return json.dumps(questionnaire, ensure_ascii=False)


def questionnaire() -> dict[str, Any]:
    """The Questionnaire (a fresh copy; generated once per process)."""
    loaded: dict[str, Any] = json.loads(_questionnaire_json())
    return loaded


@cache
def _definitions() -> dict[str, dict[str, Any]]:
    """linkId -> Questionnaire item (without its children), for reading responses."""
    found: dict[str, dict[str, Any]] = {}

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            found[item["linkId"]] = {k: v for k, v in item.items() if k != "item"}
            walk(item.get("item", []))

    walk(questionnaire()["item"])
    return found


# ------------------------------------------------------------------------------------- export

_VALUE_KEYS = {"integer": "valueInteger", "decimal": "valueDecimal", "boolean": "valueBoolean", "date": "valueDate"}


def _value(link_id: str, definition: dict[str, Any], value: Any) -> dict[str, Any]:
    kind = definition["type"]
    if kind == "choice":
        option = next(o["valueCoding"] for o in definition["answerOption"] if o["valueCoding"]["code"] == str(value))
        return {"valueCoding": dict(option)}
    return {_VALUE_KEYS.get(kind, "valueString"): value}


def _response_items(node: dict[str, Any], value: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    defs = _definitions()
    for key, sub in node.get("properties", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        if not _asked(path, sub) or key not in value:
            continue
        definition, current = defs[path], value[key]
        if _is_map(sub):  # one group per entry: the key and its value
            items += [{"linkId": path, "text": definition["text"], "item": [
                {"linkId": f"{path}.{MAP_KEY}", "text": defs[f"{path}.{MAP_KEY}"]["text"], "answer": [{"valueString": k}]},
                {"linkId": f"{path}.{MAP_VALUE}", "text": defs[f"{path}.{MAP_VALUE}"]["text"],
                 "answer": [_value(f"{path}.{MAP_VALUE}", defs[f"{path}.{MAP_VALUE}"], v)]}]}
                for k, v in current.items()]
        elif definition["type"] == "group" and definition.get("repeats"):
            items += [{"linkId": path, "text": definition["text"], "item": _response_items(sub["items"], entry, path)}
                      for entry in current]
        elif definition["type"] == "group":
            children = _response_items(sub, current, path)
            if children:
                items.append({"linkId": path, "text": definition["text"], "item": children})
        elif definition.get("repeats"):
            if current:
                items.append({"linkId": path, "text": definition["text"],
                              "answer": [_value(path, definition, v) for v in current]})
        else:
            items.append({"linkId": path, "text": definition["text"], "answer": [_value(path, definition, current)]})
    return items


def _score_answers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    from .scores import scores_from_answers

    found = scores_from_answers(doc)
    values: dict[str, float] = {}
    if found["basdai"] is not None:
        values["basdai"] = found["basdai"]
    if found["asdas"] is not None:
        values[f"asdas_{found['asdas'].kind.lower()}"] = found["asdas"].value
    defs = _definitions()
    return [{"linkId": f"scores.{k}", "text": defs[f"scores.{k}"]["text"], "answer": [{"valueDecimal": round(v, 2)}]}
            for k, v in values.items()]


def to_response(doc: dict[str, Any]) -> dict[str, Any]:
    """A complete answers document as a QuestionnaireResponse (status `completed`; no one named in it).
    Give it the document as a saved file has it (`history.as_of`): `history.loaded` is left out."""
    doc = answers_mod.validate_answers(doc)
    items = _response_items(answers_mod.schema(), doc, "")
    scores = _score_answers(doc)
    if scores:
        items.append({"linkId": "scores", "text": _definitions()["scores"]["text"], "item": scores})
    return {"resourceType": "QuestionnaireResponse", "questionnaire": QUESTIONNAIRE_CANONICAL, "status": "completed",
            "item": items}


def dumps(resource: dict[str, Any]) -> str:
    """A resource as the file a person downloads."""
    return json.dumps(resource, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------------------- import

def _refuse(message: str) -> AnswersInvalid:
    return AnswersInvalid([AnswerError("(file)", message)])


def looks_like_fhir(obj: Any) -> bool:
    return isinstance(obj, dict) and "resourceType" in obj


def _read_value(link_id: str, definition: dict[str, Any], answer: Any) -> Any:
    if not isinstance(answer, dict) or len(answer) != 1:
        raise _refuse(_("has an answer to %(question)s that is not one value", question=link_id))
    (key, value), = answer.items()
    kind = definition["type"]
    if kind == "choice":
        if key != "valueCoding" or not isinstance(value, dict):
            raise _refuse(_("has an answer to %(question)s that is not one of its choices", question=link_id))
        system, code = value.get("system"), value.get("code")
        for option in definition["answerOption"]:
            if option["valueCoding"]["system"] == system and option["valueCoding"]["code"] == code:
                node = answers_mod.schema()
                for step in link_id.split("."):
                    node = node["properties"][step] if "properties" in node else node["items"]["properties"][step]
                enum = node["items"]["enum"] if node.get("type") == "array" else node["enum"]
                return next(v for v in enum if str(v) == code)
        raise _refuse(_("has an answer to %(question)s that is not one of its choices", question=link_id))
    expected = _VALUE_KEYS.get(kind, "valueString")
    if key != expected:
        raise _refuse(_("has a %(kind)s answer to %(question)s, which takes %(expected)s", kind=key, question=link_id,
                        expected=expected))
    ok = {"valueInteger": lambda v: isinstance(v, int) and not isinstance(v, bool),
          "valueDecimal": lambda v: isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v),
          "valueBoolean": lambda v: isinstance(v, bool),
          "valueDate": lambda v: isinstance(v, str),  # its form is checked with the answers schema
          "valueString": lambda v: isinstance(v, str)}[expected](value)
    if not ok:
        raise _refuse(_("has an answer to %(question)s of the wrong kind", question=link_id))
    return value


def _items(obj: Any, where: str) -> list[dict[str, Any]]:
    items = obj.get("item", [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise _refuse(_("has items under %(where)s that are not a list of items", where=where))
    return items


def _walk(items: list[dict[str, Any]], parent: str, counter: Iterator[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    defs = _definitions()
    for item in items:
        next(counter)
        link_id = item.get("linkId")
        if not isinstance(link_id, str) or link_id not in defs:
            raise _refuse(_("has a question this tool does not ask (%(question)s)", question=repr(str(link_id)[:60])))
        prefix = f"{parent}." if parent else ""
        if not link_id.startswith(prefix) or "." in link_id[len(prefix):]:
            raise _refuse(_("has %(question)s in the wrong place", question=link_id))
        key, definition = link_id[len(prefix):], defs[link_id]
        if link_id == "scores":
            continue  # worked out again from the answers
        if definition["type"] == "group":
            if "answer" in item:
                raise _refuse(_("has an answer given to the group %(question)s", question=link_id))
            value = _walk(_items(item, link_id), link_id, counter)
            if link_id in _map_paths():
                entries = out.setdefault(key, {})
                if set(value) != {MAP_KEY, MAP_VALUE}:
                    raise _refuse(_("has an entry of %(question)s without both its %(key_name)s and its %(value_name)s",
                                    question=link_id, key_name=MAP_KEY, value_name=MAP_VALUE))
                if value[MAP_KEY] in entries:
                    raise _refuse(_("has %(question)s %(entry)s twice", question=link_id, entry=repr(str(value[MAP_KEY])[:40])))
                entries[value[MAP_KEY]] = value[MAP_VALUE]
            elif definition.get("repeats"):
                out.setdefault(key, []).append(value)
            elif key in out:
                raise _refuse(_("has %(question)s twice", question=link_id))
            else:
                out[key] = value
            continue
        given = item.get("answer", [])
        if "item" in item or not isinstance(given, list) or not given:
            raise _refuse(_("has no usable answer to %(question)s", question=link_id))
        if key in out:
            raise _refuse(_("answers %(question)s twice", question=link_id))
        values = [_read_value(link_id, definition, a) for a in given]
        if definition.get("repeats"):
            out[key] = values
        elif len(values) != 1:
            raise _refuse(_("has more than one answer to %(question)s", question=link_id))
        else:
            out[key] = values[0]
    return out


@cache
def _map_paths() -> frozenset[str]:
    """The paths of the maps in the answers schema (knowledge.answers)."""
    found: set[str] = set()

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, sub in node.get("properties", {}).items():
            path = f"{prefix}.{key}" if prefix else key
            if _is_map(sub):
                found.add(path)
            elif sub.get("type") == "object":
                walk(sub, path)
            elif sub.get("type") == "array" and isinstance(sub.get("items"), dict):
                walk(sub["items"], path)

    walk(answers_mod.schema(), "")
    return frozenset(found)


def _fill_lists(node: dict[str, Any], value: Any) -> None:
    """What a response has no items for, put back in each object the response has: `[]` where the
    schema requires a list (or gives `[]` as its default), `{}` for a required map with no entries,
    and a part's fixed value (history.version) when a clinic's system left the read-only item out."""
    if isinstance(value, list):
        for entry in value:
            _fill_lists(node.get("items", {}), entry)
        return
    if not isinstance(value, dict):
        return
    required = set(node.get("required", ()))
    for key, sub in node.get("properties", {}).items():
        if key not in value and sub.get("type") == "array" and (key in required or sub.get("default") == []):
            value[key] = []
        elif key not in value and key in required and _is_map(sub):
            value[key] = {}
        elif key not in value and key in required and "const" in sub:
            value[key] = sub["const"]
        elif key in value and sub.get("type") in ("object", "array"):
            _fill_lists(sub, value[key])


def _ordered(node: dict[str, Any], value: Any) -> Any:
    """`value` with its keys in the schema's order (the order of a file saved by the journey)."""
    if isinstance(value, dict) and "properties" in node:
        return {k: _ordered(node["properties"][k], value[k]) for k in node["properties"] if k in value}
    if isinstance(value, list) and isinstance(node.get("items"), dict):
        return [_ordered(node["items"], v) for v in value]
    return value


def from_response(resource: Any) -> dict[str, Any]:
    """The answers document in a QuestionnaireResponse made by `to_response` (or by a clinic's system
    from the same Questionnaire); AnswersInvalid, with a message a person can act on, otherwise."""
    if not isinstance(resource, dict) or resource.get("resourceType") != "QuestionnaireResponse":
        raise _refuse(_("is a FHIR file, but not a QuestionnaireResponse with answers from this tool"))
    canonical = resource.get("questionnaire")
    if canonical not in (QUESTIONNAIRE_CANONICAL, QUESTIONNAIRE_URL):
        raise _refuse(_("is a FHIR QuestionnaireResponse to another questionnaire, not this tool's"))
    if resource.get("status") not in ("completed", "amended"):
        raise _refuse(_("is a FHIR QuestionnaireResponse that is not completed"))

    def counter() -> Iterator[int]:
        yield from range(MAX_ITEMS)
        raise _refuse(_("has far more items than an answers file"))

    doc: dict[str, Any] = {"schema": answers_mod.SCHEMA_ID, **_walk(_items(resource, "the response"), "", counter())}
    _fill_lists(answers_mod.schema(), doc)
    ordered: dict[str, Any] = _ordered(answers_mod.schema(), doc)
    return ordered
