"""Progress from visit to visit: the earlier visits an answers file carries, and how the scores changed.

The answers document may carry `history` (JSON Schema: answers-1.schema.json) with up to 12 earlier
visits, oldest first, and `answered_on`, the date of its own answers. Nothing is stored on the server:
the history lives in the file the person saves and in their session cookie.

When does a visit become history? (what a person would expect)
- Resume puts the file's own visit (its date, scores and advanced medicines) in `history.loaded`,
  in the session only (`on_resume`).
- When the options sheet is made or the answers file is saved (`as_of`), that loaded visit joins the
  earlier visits if the scores (BASDAI, ASDAS, CRP or ESR) or the advanced medicines taken now are
  different **and** the file was saved on another day. The current answers are then today's visit.
- If nothing in the scores or medicines changed, it is the same visit looked at again (keeping its date).
  A change on the same day as the file was saved is a correction of that visit, not a new one.
- A fresh start (no Resume) is today's visit with no earlier ones.
Beyond 12 earlier visits the oldest is dropped. If the answers would be too big for the session
cookie, older visits are left out until they fit, and the sheet says how many (`history.left_out`).

The list order is the order of the visits (this app only ever adds at the end): dates are labels,
never used to reorder. The last entry is "the last visit".

Change since the last visit (compared on the values as shown, to 1 decimal place, in tenths):
- ASDAS (Machado 2011; Molto 2018 for worsening): a fall of 2.0 or more is a major improvement, 1.1
  or more a clinically important improvement, a rise of 0.9 or more a clinically important
  worsening, anything else no important change. Only compared when both visits have an ASDAS worked
  out with the same blood test (ASDAS-CRP and ASDAS-ESR give different numbers).
- BASDAI (NICE TA383's response rule, also the old ASAS one): a response is a fall to half or less
  of the earlier value, or by 2 points or more.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from . import answers as answers_mod
from . import i18n
from .i18n import gettext as _
from .i18n import lazy_gettext as _l
from .scores import asdas_state, scores_from_answers

VERSION = 1
MAX_VISITS = 12
# When the answers file is written, room is left for Resume to add the loaded visit to the session.
ROOM_FOR_LOADED = 80
VALUE_KEYS = ("basdai", "asdas", "asdas_kind", "crp_mg_l", "esr_mm_h", "advanced")
ASDAS_CHANGES = ("major_improvement", "important_improvement", "no_important_change", "worsening")
BASDAI_CHANGES = ("response", "no_response")
# The advanced medicines the answers schema knows (not from the engine, which imports this module).
ADVANCED_DRUGS = frozenset(
    answers_mod.schema()["properties"]["treatments"]["properties"]["advanced"]["items"]["properties"]["drug"]["enum"])
FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})\.json$")


def today() -> dt.date:
    """Today's date in UTC (the sheet's `generated_at` is UTC too)."""
    return dt.datetime.now(dt.UTC).date()


def _tenths(value: float) -> int:
    return round(float(value) * 10)


def _round1(value: float) -> float:
    return _tenths(value) / 10


def parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def snapshot(doc: dict[str, Any], date: str | None) -> dict[str, Any]:
    """The visit the answers describe: date, BASDAI, ASDAS with its kind, CRP or ESR, advanced medicines now."""
    scores = scores_from_answers(doc)
    activity = doc.get("activity") or {}
    entry: dict[str, Any] = {}
    if date:
        entry["date"] = date
    entry["basdai"] = _round1(scores["basdai"]) if scores.get("basdai") is not None else 0.0
    asdas = scores.get("asdas")
    if asdas is not None:
        entry["asdas"] = min(_round1(asdas.value), 10.0)
        entry["asdas_kind"] = asdas.kind
    for key in ("crp_mg_l", "esr_mm_h"):
        if activity.get(key) is not None:
            entry[key] = _round1(activity[key])
    advanced = (doc.get("treatments") or {}).get("advanced") or []
    entry["advanced"] = sorted({str(i["drug"]) for i in advanced
                                if isinstance(i, dict) and i.get("status") == "current" and i.get("drug") in ADVANCED_DRUGS})
    return entry


def same_values(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """True when two visits have the same scores, blood test and advanced medicines (dates aside)."""
    if a is None or b is None:
        return a is b
    return all((a.get(k) or None) == (b.get(k) or None) for k in VALUE_KEYS)


def _history(doc: dict[str, Any]) -> dict[str, Any]:
    found = doc.get("history")
    return found if isinstance(found, dict) else {}


def visits(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The earlier visits the document carries, oldest first."""
    return [v for v in _history(doc).get("visits") or [] if isinstance(v, dict)]


def date_from_filename(filename: str | None) -> str | None:
    """`as-treatment-options-answers-2026-01-14.json` (the name Save gives a file) → `2026-01-14`."""
    match = FILE_DATE.search(filename or "")
    return match.group(1) if match and parse_date(match.group(1)) else None


def fit(doc: dict[str, Any], budget: int = answers_mod.MAX_COMPRESSED_BYTES) -> dict[str, Any]:
    """Leave out the oldest earlier visits until the document fits the cookie budget; count them."""
    hist = _history(doc)
    while hist.get("visits") and answers_mod.compressed_size(doc) > budget:
        hist["visits"] = hist["visits"][1:]
        hist["left_out"] = int(hist.get("left_out") or 0) + 1
    return doc


def on_resume(doc: dict[str, Any], filename: str | None = None) -> dict[str, Any]:
    """The session's document after Resume: the file's own visit kept aside as `history.loaded`."""
    out = copy.deepcopy(doc)
    date = out.get("answered_on") or date_from_filename(filename)
    hist = out.setdefault("history", {"version": VERSION, "visits": []})
    hist["loaded"] = snapshot(out, date)
    return fit(out)


def as_of(doc: dict[str, Any], today: dt.date, *, budget: int | None = None) -> dict[str, Any]:
    """The document as a record of today's visit (see the module docstring): the loaded visit folded
    into the earlier ones when this is a new visit, `answered_on` set, at most 12 earlier visits, and
    small enough to keep. Used for the options sheet and for the saved file; the input is not changed."""
    if not isinstance(doc.get("history"), dict):  # no earlier visits: only the date (no copy, no size check)
        return {**doc, "answered_on": doc.get("answered_on") or today.isoformat()}
    out = copy.deepcopy(doc)
    hist = out.get("history") if isinstance(out.get("history"), dict) else None
    loaded = hist.pop("loaded", None) if hist is not None else None
    if hist is not None:
        earlier = visits(out)
        if isinstance(loaded, dict):
            changed = not same_values(loaded, snapshot(out, None))
            if changed and loaded.get("date") != today.isoformat():
                earlier.append(loaded)
                out["answered_on"] = today.isoformat()
            elif changed:
                out["answered_on"] = today.isoformat()
            elif loaded.get("date"):
                out["answered_on"] = loaded["date"]
            else:
                out.pop("answered_on", None)
        hist["visits"] = earlier[-MAX_VISITS:]
        if not hist["visits"] and not hist.get("left_out"):
            out.pop("history")
    if "answered_on" not in out and not isinstance(loaded, dict):
        out["answered_on"] = today.isoformat()
    return fit(out, budget if budget is not None else answers_mod.MAX_COMPRESSED_BYTES - ROOM_FOR_LOADED)


# ------------------------------------------------------------------------------- change categories

def asdas_change(before: dict[str, Any] | None, now: dict[str, Any] | None) -> str | None:
    """major_improvement | important_improvement | no_important_change | worsening, or None when the two
    cannot be compared (a missing ASDAS, or one worked out with CRP and the other with ESR)."""
    if not before or not now or before.get("asdas") is None or now.get("asdas") is None:
        return None
    if before.get("asdas_kind") != now.get("asdas_kind"):
        return None
    fall = _tenths(before["asdas"]) - _tenths(now["asdas"])
    if fall >= 20:
        return "major_improvement"
    if fall >= 11:
        return "important_improvement"
    if -fall >= 9:
        return "worsening"
    return "no_important_change"


def basdai_change(before: dict[str, Any] | None, now: dict[str, Any] | None) -> str | None:
    """response (down to half or less, or by 2 points or more) | no_response, or None without a BASDAI."""
    if not before or not now or before.get("basdai") is None or now.get("basdai") is None:
        return None
    b, n = _tenths(before["basdai"]), _tenths(now["basdai"])
    fall = b - n
    return "response" if fall > 0 and (fall >= 20 or 2 * n <= b) else "no_response"


def current_visit(doc: dict[str, Any]) -> dict[str, Any]:
    """Today's visit (after `as_of`): the current answers with their date."""
    return snapshot(doc, doc.get("answered_on"))


def single_current_advanced(doc: dict[str, Any]) -> str | None:
    drugs = snapshot(doc, None)["advanced"]
    return drugs[0] if len(drugs) == 1 else None


def before_current_advanced(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The last earlier visit at which the advanced medicine taken now was not taken: the visit before it
    started (None when it was taken at every recorded visit, or more than one is taken now)."""
    drug = single_current_advanced(doc)
    if drug is None:
        return None
    for visit in reversed(visits(doc)):
        if drug not in (visit.get("advanced") or []):
            return visit
    return None


# The person's own answer about how long they have taken it gives at least this many weeks.
DURATION_WEEKS = {"under_12_weeks": 0, "12_to_15_weeks": 12, "16_weeks_or_more": 16}


def weeks_on_current_advanced(doc: dict[str, Any]) -> int | None:
    """At least how many weeks the one advanced medicine taken now has been taken: the person's own answer
    when they gave one, else the weeks since the first of the visits (unbroken up to now) that list it."""
    drug = single_current_advanced(doc)
    if drug is None:
        return None
    items = [i for i in (doc.get("treatments") or {}).get("advanced") or []
             if isinstance(i, dict) and i.get("drug") == drug and i.get("status") == "current"]
    said = DURATION_WEEKS.get(str(items[0].get("duration"))) if items else None
    if said is not None:
        return said
    today = parse_date(doc.get("answered_on"))
    first: dt.date | None = None
    for visit in reversed(visits(doc)):
        if drug not in (visit.get("advanced") or []):
            break
        first = parse_date(visit.get("date")) or first
    if today is None or first is None or first > today:
        return None
    return (today - first).days // 7


# ------------------------------------------------------------------------------------ what is shown

# The words are translated when shown (`_l`); what goes into the sheet dict is made a plain string.
ASDAS_CHANGE_WORDS = {
    "major_improvement": _l("a major improvement"),
    "important_improvement": _l("a clinically important improvement"),
    "no_important_change": _l("no clinically important change"),
    "worsening": _l("a clinically important worsening"),
}
# Translators: an ASDAS state in a table cell, "2.4 (CRP, high)".
STATE_SHORT = {"inactive": _l("inactive"), "low": _l("low"), "high": _l("high"), "very_high": _l("very high")}


def long_date(value: Any) -> str:
    return i18n.long_date(parse_date(value)) or _("date not recorded")


def short_date(value: Any) -> str:
    return i18n.short_date(parse_date(value)) or _("Date not recorded")


def _lab(visit: dict[str, Any]) -> str:
    if visit.get("crp_mg_l") is not None:
        return _("CRP %(value)s mg/L", value=i18n.number(f"{visit['crp_mg_l']:g}"))
    if visit.get("esr_mm_h") is not None:
        return _("ESR %(value)s mm/h", value=i18n.number(f"{visit['esr_mm_h']:g}"))
    return _("no blood test result")


def _row(visit: dict[str, Any], current: bool) -> dict[str, Any]:
    asdas = visit.get("asdas")
    date = short_date(visit.get("date"))
    return {
        "date": visit.get("date"),
        # Translators: a visit's date in the table of visits, the one being made now.
        "date_label": _("%(date)s (now)", date=date) if current else date,
        "basdai": visit.get("basdai"),
        "asdas": asdas,
        "asdas_kind": visit.get("asdas_kind"),
        "asdas_state": None if asdas is None else asdas_state(float(asdas)),
        "asdas_label": _("not worked out") if asdas is None else
                       _("%(value)s (%(test)s, %(state)s)", value=i18n.decimal(asdas),
                         test=i18n.lab_name(visit.get("asdas_kind")), state=STATE_SHORT[asdas_state(float(asdas))]),
        "lab": _lab(visit),
        "advanced": ", ".join(visit.get("advanced") or []) or _("none"),
        "current": current,
    }


def _moved(score: str, before: float, now: float, meaning: str) -> str:
    """"ASDAS went down by 1.2, from 3.4 to 2.2. That is …" (compared in tenths, as shown)."""
    diff = (_tenths(now) - _tenths(before)) / 10
    values = {"score": score, "before": i18n.decimal(before), "now": i18n.decimal(now), "meaning": meaning,
              "diff": i18n.decimal(abs(diff))}
    if diff == 0:
        return _("%(score)s stayed the same, from %(before)s to %(now)s. That is %(meaning)s.", **values)
    if diff < 0:
        return _("%(score)s went down by %(diff)s, from %(before)s to %(now)s. That is %(meaning)s.", **values)
    return _("%(score)s went up by %(diff)s, from %(before)s to %(now)s. That is %(meaning)s.", **values)


def _asdas_sentence(before: dict[str, Any], now: dict[str, Any], category: str | None) -> str:
    if before.get("asdas") is None or now.get("asdas") is None:
        return _("ASDAS cannot be compared: it needs a CRP or ESR result at both visits.")
    if category is None:
        return _("ASDAS cannot be compared: it was worked out with %(before)s last time and with %(now)s now, which "
                 "give different numbers.", before=i18n.lab_name(before.get("asdas_kind")),
                 now=i18n.lab_name(now.get("asdas_kind")))
    return _moved("ASDAS", before["asdas"], now["asdas"], str(ASDAS_CHANGE_WORDS[category]))


def _basdai_sentence(before: dict[str, Any], now: dict[str, Any], category: str | None) -> str:
    said = (_("a response: down to half or less, or by 2 points or more") if category == "response" else
            _("not a response, which means down to half or less, or by 2 points or more"))
    return _moved("BASDAI", before["basdai"], now["basdai"], said)


def progress(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The sheet's "Since your last visit" part (a plain dict, in the sheet JSON), for a document after
    `as_of`; None when there is no earlier visit to compare with."""
    earlier = visits(doc)
    left_out = int(_history(doc).get("left_out") or 0)
    if not earlier:
        return None
    now = current_visit(doc)
    last = earlier[-1]
    a_cat, b_cat = asdas_change(last, now), basdai_change(last, now)
    country = str((doc.get("about") or {}).get("country") or "")
    nice = None
    if country == "GB":
        nice = _("In the UK, NICE checks a TNF inhibitor after 12 weeks. It counts as working when BASDAI has gone "
                 "down to half or less, or by 2 points or more, since before it was started, and back pain has "
                 "gone down by 2 or more on a 0 to 10 scale. Your rheumatology team checks this.")
    return {
        "last_date": last.get("date"),
        "last_date_label": long_date(last.get("date")),
        "asdas_change": a_cat,
        "asdas_text": _asdas_sentence(last, now, a_cat),
        "asdas_sources": ["machado-2011", "molto-2018"],
        "basdai_change": b_cat,
        "basdai_text": _basdai_sentence(last, now, b_cat),
        "basdai_sources": ["nice-ta383"],
        "continue_text": _("Guidelines judge a new biologic or JAK inhibitor after at least 12 weeks. They suggest "
                           "keeping it when ASDAS has gone down by 1.1 or more since before it was started."),
        "continue_sources": ["ramiro-2023"],
        "nice_text": nice,
        "nice_sources": ["nice-ta383"] if nice else [],
        "visits": [*(_row(v, False) for v in earlier), _row(now, True)],
        "left_out": left_out,
        "sources": ["machado-2011", "molto-2018", "nice-ta383", "ramiro-2023"],
    }
