"""Scoring invariants on generated frameworks, and the numbers of the bundled demo."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from parxl.model import RowKind, ScoreRow, ScoreSheet, Settings
from parxl.numbers import ZERO
from parxl.scoring import score

scores = st.decimals(min_value=0, max_value=5, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def leaves(draw, code):
    maximum = draw(scores.filter(lambda d: d > 0))
    self_score = draw(st.decimals(min_value=0, max_value=maximum, places=2))
    appraised = draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=self_score, places=2)))
    na = draw(st.integers(0, 9)) == 0
    return ScoreRow(row=0, kind=RowKind.CRITERION, code=code, raw_code=code, name=code,
                    path=tuple(int(p) for p in code.split(".")), max=maximum, self=self_score,
                    appraised=appraised, na=na)


@st.composite
def sheets(draw):
    rows = []
    for a in range(1, draw(st.integers(1, 5)) + 1):
        area = ScoreRow(row=0, kind=RowKind.AREA, code=str(a), raw_code=str(a), name=f"Lĩnh vực {a}", path=(a,))
        rows.append(area)
        for c in range(1, draw(st.integers(1, 4)) + 1):
            if draw(st.booleans()):
                leaf = draw(leaves(f"{a}.{c}"))
                leaf.parent = area
                area.children.append(leaf)
                rows.append(leaf)
            else:
                crit = ScoreRow(row=0, kind=RowKind.CRITERION, code=f"{a}.{c}", raw_code="", name="", path=(a, c))
                crit.parent = area
                area.children.append(crit)
                rows.append(crit)
                for s in range(1, draw(st.integers(1, 3)) + 1):
                    leaf = draw(leaves(f"{a}.{c}.{s}"))
                    leaf.parent = crit
                    crit.children.append(leaf)
                    rows.append(leaf)
    if draw(st.booleans()):
        survey_max = draw(st.sampled_from([Decimal(30), Decimal(35), Decimal(40)]))
        rows.append(ScoreRow(row=0, kind=RowKind.SURVEY, code="9", raw_code="9", name="ĐTXHH", path=(9,),
                             max=survey_max, appraised=draw(st.decimals(min_value=0, max_value=survey_max, places=2))))
    for i, row in enumerate(rows, 10):
        row.row = i
    return ScoreSheet("Bảng điểm", 1, {}, rows)


@settings(max_examples=200, deadline=None)
@given(sheets())
def test_invariants(sheet):
    result = score(sheet, Settings())
    t = result.totals
    assert ZERO <= t.index_pct <= 100
    assert sum((a.points for a in result.areas), ZERO) == t.points
    assert sum((a.max for a in result.areas), ZERO) == t.max
    appraisal = [a for a in result.areas if not a.survey]
    assert sum((d.deducted for d in result.deductions), ZERO) == \
        sum((a.max for a in appraisal), ZERO) - sum((a.points for a in appraisal), ZERO)
    for area in result.areas:
        assert area.index_pct is None or ZERO <= area.index_pct <= 100
    for d in result.deductions:
        assert d.deducted > 0


def test_no_survey_rescales_the_appraisal_to_100():
    # DOMAIN.md: 61.46 of 70 is 87.80 %.
    area = ScoreRow(row=1, kind=RowKind.AREA, code="1", raw_code="1", name="", path=(1,), max=Decimal(70),
                    self=Decimal("61.46"), appraised=Decimal("61.46"))
    result = score(ScoreSheet("s", 1, {}, [area]), Settings())
    assert round(result.totals.index_pct, 2) == Decimal("87.80")
    assert result.totals.survey is None


def test_survey_points_from_settings_when_the_sheet_has_none():
    area = ScoreRow(row=1, kind=RowKind.AREA, code="1", raw_code="1", name="", path=(1,), max=Decimal(70),
                    self=Decimal(70), appraised=Decimal("65.13"))
    s = Settings(survey_points=Decimal(30), survey_max=Decimal(30))
    totals = score(ScoreSheet("s", 1, {}, [area]), s).totals
    assert (totals.points, totals.max, totals.index_pct) == (Decimal("95.13"), 100, Decimal("95.13"))


def test_classification_uses_thresholds():
    area = ScoreRow(row=1, kind=RowKind.AREA, code="1", raw_code="1", name="", path=(1,), max=Decimal(100),
                    self=Decimal(91), appraised=Decimal(91))
    sheet = ScoreSheet("s", 1, {}, [area])
    assert score(sheet, Settings()).totals.classification == "Xuất sắc"
    local = Settings(thresholds=(("Xuất sắc", Decimal(95)), ("Tốt", Decimal(80))))
    assert score(sheet, local).totals.classification == "Tốt"
