"""Budgets as people write them.

A figure is a budget only with a budget word around it ("under", "up to", "around", "max", "budget",
"hasta", "entre ... y ...", "mid 400s", "if we go over 390"): bare figures in a message are more often
income, savings, a listing's price or a payment. Amounts are normalised the way people mean them:
"under 500" for a home is $500,000, "2800 max" for a rental is $2,800 a month. A single figure sets
only `budget_max`; a range sets both ends; "low/mid/high 400s" is a fixed slice of the hundred.
A pre-approval amount, income, savings, payments, fees, a listing's or a comp's price are not budgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ghl_real_estate_ai.domain.taxonomy import Language
from ghl_real_estate_ai.intelligence.local.preferences.numbers import (
    MONEY_RE,
    Money,
    money_pattern,
    multiplier,
    parse_money,
)
from ghl_real_estate_ai.intelligence.local.preferences.scope import Scope
from ghl_real_estate_ai.intelligence.local.preferences.text import Doc

# A monthly rent is under this; a home price is above it.
_MONTHLY_CEILING = 20_000
_SHORTHAND_CEILING = 1_000  # "under 450" means $450,000
_SMALLEST_AMOUNT = 50

_NOT_AN_AMOUNT_AFTER = re.compile(
    r"^\s*(?:%|percent|por ?ciento|bed|bd|br|bath|ba\b|units?|doors|acres?|years?|yrs?|months?|mos?\b|weeks?"
    r"|days?|sq|square|ft|feet|cap|kids|people|minutes?|mins?|hours?|hrs?|am\b|pm\b|miles?|mi\b|credit"
    r"|score|fico|semanas|meses|anos|dias|personas|recamaras|cuartos|banos|st\b|nd\b|rd\b|th\b"
    # Weights, sizes and counts: "under 100 pounds" is a pet limit, "under 2000 sq ft" a size.
    r"|pounds?|lbs?\b|kg\b|kilos?|libras|inch\w*|stories|floors|cars|dogs|cats|pets|steps|metros)"
)
# Words before a figure that make it a budget ("under 450", "hasta 300 mil", "if we go over 390").
_CUE_BEFORE = re.compile(
    r"(?:\b(?:under|sub|below|less than|no more than|not more than|not over|nothing over|max(?:imum)?"
    r"|up to|upto|at most|tops|budget(?:\s+is|\s+would be)?|around|about|approx\w*|roughly|closer to"
    r"|close to|cap(?:ped)? at|ceiling(?:'?s| is)?|afford|(?:can|could) (?:do|go)|stretch(?:ing)? to"
    r"|comfortable (?:with|at)|target(?:ing)?|aiming for"
    r"|looking at|thinking|range(?: is)?|(?:our|my|the) (?:number|limit)(?:'?s| is)?"
    r"|the most (?:we|i) can (?:spend|pay|do|afford)(?: is)?"
    r"|(?:go|went|going|spend|spending|goes)\s+over|(?:can|could|willing to|able to) (?:pay|spend)"
    r"|approximately|hasta|maximo|menos de|no mas de|(?:que )?no (?:pase"
    r"|pasar|exceda|exceder|supere|superar)(?: de)?(?: los| las)?"
    r"|tope(?: de)?|como mucho|presupuesto(?:\s+maximo)?(?:\s+es)?|alrededor de"
    r"|lo (?:mas|maximo) que (?:podemos|puedo) (?:pagar|gastar|dar)(?: es| son)?"
    r"|no (?:queremos|quiero|podemos|puedo) (?:pasar(?:nos)?|gastar mas|pagar mas)(?: de)?(?: los| las)?"
    r"|(?:que )?no (?:cueste|cuesta|valga) mas de"
    r"|(?:puedo|podemos|podriamos) (?:pagar|gastar)"
    r"|unos|unas|aproximadamente)|~)"
    r"\s*(?:of|de|is|es|:|=)?\s*(?:like\s+|about\s+|around\s+|approx\w*\s+|unos\s+|como(?:\s+de)?\s+)?\$?\s*$"
)
# Words after a figure that make it a budget ("410 max", "450ish", "400 would be a stretch").
_CUE_AFTER = re.compile(
    r"^\s*(?:total\s+|all[- ]in\s+)?(?:max(?:imum)?|tops|all[- ]in|or less|or under|or below|ish|max budget"
    r"|budget"
    r"|limit|or so|give or take|approx\w*|range|price range|maximo|como maximo|mas o menos|o menos|aprox\w*"
    r"|is (?:our|my|the) (?:max|limit|budget|ceiling|top)|(?:is\s+)?(?:gonna be|would be|will be|is)\s+"
    r"(?:tight|a stretch|pushing it))\b"
)
_FOR_AFTER_VERB = re.compile(r"\b(?:get|find|buy|afford)\b(?:\s+\w+){0,3}\s+for\s*$")
_BLOCKERS = re.compile(
    r"\b(?:make|making|makes|earn|earning|earns|income|salary|saved|savings|save|saving|down|downpayment"
    r"|deposit|enganche|pago|pagos|payment|payments|mortgage|piti|hoa|insurance|seguro|taxes|impuestos|tax"
    r"|fee|fees|commission|comision|closing costs|daycare|childcare|loan|student|debt|rent roll|cash flows?"
    r"|cashflow|equity|worth|value|valued|appraised|sold|listed|list|listing|asking|offer|offered|comps?"
    r"|zestimate|zillow|redfin|opendoor|credit|score|rates?|cap|gross|net|profit|rehab|repairs|upfront"
    r"|pre-?approv\w*|approved|pre-?qual\w*|preaprobad\w*|aprobad\w*|exchange|inheritance|bonus|gana|ganamos"
    r"|gano|ganan|ingreso|ingresos|sueldo|salario)\b"
)
_POSSESSION_BEFORE = re.compile(
    r"\b(?:have|has|had|got|tengo|tenemos|hay|with)\s+(?:about|around|like|roughly|unos)?\s*\$?\s*$"
)
_RENT_OUT_BEFORE = re.compile(r"\brents?\s+(?:for|at|out for)\s+(?:like\s+|about\s+|around\s+)?\$?\s*$")
_RANGE = re.compile(
    r"(?P<lead>\b(?:between|entre|from|desde|de|range(?: of| is)?|budget(?: is| of)?|presupuesto(?: de| es)?"
    r"|somewhere between|around|about|approx\w*|roughly|somewhere around|alrededor de|unos)"
    r"(?:\s+(?:still|now|probably|maybe|like|about|around))?\s+|~\s?)?"
    + money_pattern("a")
    + r"\s*(?P<sep>-|–|to|and|y|a|hasta)\s*"
    + money_pattern("b")
    + r"(?P<ish>\s?ish)?"
)
_RANGE_WORD_AFTER = re.compile(r"^\s*(?:k\s+)?(?:price\s+)?range\b")
_BUCKET = re.compile(
    r"\b(?P<position>low|lower|mid|middle|high|upper)[- ]?(?:\$)?(?P<base>[1-9]\d{0,3})(?:k)?'?s\b"
    r"|\bthe\s+\$?(?P<plain>[1-9]00)k?'?s\b"
)
_BUCKET_CUE = re.compile(r"\b(?:budget|looking|range|price|want|afford|searching|spend|buy|presupuesto)\b")
_BUCKET_SLICES = {
    "low": (0.0, 0.35),
    "lower": (0.0, 0.35),
    "mid": (0.25, 0.75),
    "middle": (0.25, 0.75),
    "high": (0.65, 1.0),
    "upper": (0.65, 1.0),
    "": (0.0, 1.0),
}


@dataclass(frozen=True)
class BudgetReading:
    minimum: int | None
    maximum: int | None
    monthly: bool


@dataclass(frozen=True)
class _Statement:
    position: int
    reading: BudgetReading
    end: int = -1

    def covers(self, position: int) -> bool:
        return self.position <= position < self.end


def read_budget(doc: Doc, scope: Scope, language: Language) -> BudgetReading | None:
    """The last budget the message states, or None."""
    spans = _ranges(doc, scope, language) + _buckets(doc, scope)
    singles = [
        s for s in _single_figures(doc, scope, language) if not any(o.covers(s.position) for o in spans)
    ]
    statements = [s for s in spans + singles if not scope.is_own_home(s.position)]
    return max(statements, key=lambda statement: statement.position).reading if statements else None


def _ranges(doc: Doc, scope: Scope, language: Language) -> list[_Statement]:
    found = []
    for match in _RANGE.finditer(doc.folded):
        low, high = parse_money(match, language, "a"), parse_money(match, language, "b")
        if low is None or high is None or not _range_is_money(doc, match, low, high):
            continue
        if match.group("a_unit") is None and match.group("b_unit") is not None:
            low = Money(low.value * multiplier(match.group("b_unit"), low.value, language), True, low.monthly)
        monthly = low.monthly or high.monthly
        low_dollars, high_dollars = _dollars(low, monthly), _dollars(high, monthly)
        if low_dollars is None or high_dollars is None or low_dollars[0] >= high_dollars[0]:
            continue
        reading = BudgetReading(round(low_dollars[0]), round(high_dollars[0]), high_dollars[1])
        found.append(_Statement(match.start("a_num"), reading, match.end()))
    return found


def _range_is_money(doc: Doc, match: re.Match[str], low: Money, high: Money) -> bool:
    separator = match.group("sep")
    lead = (match.group("lead") or "").strip()
    cued_before = _CUE_BEFORE.search(doc.before(match.start())[-60:]) is not None
    if not lead and (cued_before or _RANGE_WORD_AFTER.match(doc.folded[match.end() :])):
        lead = "cue"  # "thinking 350 to 400", "in the 400 to 450 range": a budget word around the range
    if separator in ("and", "y", "a", "hasta") and not lead:
        return False  # "3 and 4", "2 a 3": only "between X and Y", "entre X y Y", "de X a Y" are ranges
    if _NOT_AN_AMOUNT_AFTER.match(doc.folded[match.end() :]) or _blocked(doc, match.start("a_num")):
        return False
    if lead or high.explicit or low.explicit or high.monthly or match.group("ish") is not None:
        return True
    # A bare range standing alone in a list of wants: "2 bed, parking is a must, 400-450".
    clause = doc.clause_at(match.start())
    return doc.folded[clause.start : clause.end].strip(" .!") == match.group().strip()


def _buckets(doc: Doc, scope: Scope) -> list[_Statement]:
    found = []
    for match in _BUCKET.finditer(doc.folded):
        position = match.group("position") or ""
        base_text = match.group("base") or match.group("plain")
        base = float(base_text)
        if not position and not _BUCKET_CUE.search(doc.around(match.start(), match.end(), sentence=True)):
            continue
        if (
            base < 10
            or (base < 1000 and base % 100)
            or (base >= 1000 and base % 1000)
            or _blocked(doc, match.start())
        ):
            continue
        width = 100.0 if base < 1000 else 1000.0
        low_share, high_share = _BUCKET_SLICES[position]
        scale = 1000.0 if base < 1000 else 1.0
        low, high = (base + width * low_share) * scale, (base + width * high_share) * scale
        reading = BudgetReading(round(low), round(high), high < _MONTHLY_CEILING)
        found.append(_Statement(match.start(), reading, match.end()))
    return found


def _single_figures(doc: Doc, scope: Scope, language: Language) -> list[_Statement]:
    found = []
    for match in MONEY_RE.finditer(doc.folded):
        money = parse_money(match, language)
        if money is None or _blocked(doc, match.start()):
            continue
        if not _has_cue(doc, match) and not _stands_alone(doc, match, money):
            continue
        if _NOT_AN_AMOUNT_AFTER.match(doc.folded[match.end() :]):
            continue
        dollars = _dollars(money, money.monthly)
        if dollars is not None:
            found.append(_Statement(match.start(), BudgetReading(None, round(dollars[0]), dollars[1])))
    return found


def _stands_alone(doc: Doc, match: re.Match[str], money: Money) -> bool:
    """'3 bed, 2 bath, $450k, Boise': a written amount alone between commas in a list of wants."""
    clause = doc.clause_at(match.start())
    alone = doc.folded[clause.start : clause.end].strip(" .!") == match.group().strip()
    if not alone or not (money.explicit or money.monthly):
        return False
    # In a list of wants, not a sentence of its own: a listing's "Pets under 30 lbs. $1,650/mo." is a price.
    sentence = doc.sentence_at(match.start())
    if sum(sentence.start <= clause.start < sentence.end for clause in doc.clauses) < 2:
        return False
    # Not a price being discussed: "saw it listed, 389k, is that fair?"
    asked = doc.folded[sentence.end : sentence.end + 1] == "?"
    return not asked and _BLOCKERS.search(doc.around(match.start(), match.end(), sentence=True)) is None


def _has_cue(doc: Doc, match: re.Match[str]) -> bool:
    # A few characters past the clause start: "budget: 2200" puts the cue in the clause before.
    clause = doc.clause_at(match.start())
    before = doc.folded[max(clause.start - 12, match.start() - 160, 0) : match.start()]
    after = doc.folded[match.end() : match.end() + 40]
    return bool(_CUE_BEFORE.search(before) or _CUE_AFTER.match(after) or _FOR_AFTER_VERB.search(before))


def _blocked(doc: Doc, position: int) -> bool:
    clause = doc.clause_at(position)
    before = doc.before(position)
    nearby = " ".join(before.split()[-6:])
    after = " ".join(doc.folded[position : min(clause.end, position + 60)].split()[1:4])
    if _POSSESSION_BEFORE.search(before) or _RENT_OUT_BEFORE.search(before):
        return True
    return _BLOCKERS.search(nearby) is not None or _BLOCKERS.search(after) is not None


def _dollars(money: Money, monthly: bool) -> tuple[float, bool] | None:
    """(dollars, is_monthly) as the prospect meant it, or None for a figure that cannot be a budget."""
    value = money.value
    if monthly:
        return (value, True) if value >= _SMALLEST_AMOUNT else None
    if not money.explicit and value < _SMALLEST_AMOUNT:
        return None
    if value < _SHORTHAND_CEILING:
        if money.explicit:
            return None  # "$75", "$500": a fee or a deposit, not a home price or a rent
        value *= 1000
    return value, value < _MONTHLY_CEILING
