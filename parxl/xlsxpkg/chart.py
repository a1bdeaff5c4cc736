"""ChartSpec -> DrawingML parts: the sheet's drawing (where the chart sits) and the chart itself.

Every series refers to cells of its own sheet and also carries their values (``numCache`` /
``strCache``): programs that do not recalculate charts on load (viewers, previews, pandas-based
tools converting to images) still draw the right bars. Element order follows ECMA-376 part 1,
§21.2 (CT_ChartSpace, CT_BarChart, CT_BarSer, CT_CatAx, CT_ValAx); Excel repairs charts out of order.
"""

from __future__ import annotations

from collections.abc import Sequence

from parxl.errors import BadInput
from parxl.sheetspec import ChartSpec
from parxl.xlsxpkg.sheetxml import (
    NS_REL,
    XML_DECL,
    argb,
    col_letter,
    esc_attr,
    esc_text,
    fmt_num,
    parse_cell_ref,
    parse_range,
    quote_sheet_name,
)

NS_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_DRAWING = NS_REL + "/drawing"
REL_CHART = NS_REL + "/chart"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
FONT = "Times New Roman"
_DEFAULT_COLORS = ("2F5597", "A5A5A5", "ED7D31", "70AD47")
_CAT_AX, _VAL_AX = 500100, 500200  # any unique ids; fixed so the same chart gives the same bytes


def _cells(ref: str) -> list[tuple[int, int]]:
    """(row, col) of every cell in a one-row or one-column range such as "I6:I14"."""
    r1, c1, r2, c2 = parse_range(ref)
    if r1 != r2 and c1 != c2:
        raise BadInput(f"Vùng dữ liệu biểu đồ “{ref}” phải là một dòng hoặc một cột.")
    return [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _absolute(sheet: str, ref: str) -> str:
    cells = _cells(ref)
    (r1, c1), (r2, c2) = cells[0], cells[-1]
    first = f"${col_letter(c1)}${r1}"
    last = f"${col_letter(c2)}${r2}"
    return f"{quote_sheet_name(sheet)}!{first}" + (f":{last}" if len(cells) > 1 else "")


def _font_props(size: int, bold: bool = False) -> str:
    b = ' b="1"' if bold else ' b="0"'
    return (f'<a:defRPr sz="{size}"{b}><a:latin typeface="{FONT}"/><a:cs typeface="{FONT}"/></a:defRPr>')


def _tx_pr(size: int, bold: bool = False) -> str:
    return (f"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{_font_props(size, bold)}</a:pPr>"
            '<a:endParaRPr lang="vi-VN"/></a:p></c:txPr>')


def _str_cache(labels: Sequence[str]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{esc_text(str(v))}</c:v></c:pt>' for i, v in enumerate(labels))
    return f'<c:strCache><c:ptCount val="{len(labels)}"/>{pts}</c:strCache>'


def _num_cache(values: Sequence[float | None], fmt: str) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{fmt_num(v)}</c:v></c:pt>'
                  for i, v in enumerate(values) if v is not None)  # a blank cell is a missing point
    return (f"<c:numCache><c:formatCode>{esc_text(fmt)}</c:formatCode>"
            f'<c:ptCount val="{len(values)}"/>{pts}</c:numCache>')


def chart_xml(chart: ChartSpec, sheet: str) -> bytes:
    """The chart part for ``chart``, whose ranges live on the sheet called ``sheet``."""
    n = len(_cells(chart.categories))
    if len(chart.labels) != n:
        raise BadInput(f"Biểu đồ “{chart.title}”: {len(chart.labels)} nhãn cho {n} ô "
                       f"của vùng {chart.categories}.")
    if not chart.series:
        raise BadInput(f"Biểu đồ “{chart.title}” không có dãy số liệu nào.")
    cat = (f"<c:cat><c:strRef><c:f>{esc_text(_absolute(sheet, chart.categories))}</c:f>"
           f"{_str_cache(chart.labels)}</c:strRef></c:cat>")
    series = []
    for i, s in enumerate(chart.series):
        if len(_cells(s.values)) != n or len(s.cached) != n:
            raise BadInput(f"Biểu đồ “{chart.title}”: dãy “{s.name}” phải có đúng {n} giá trị như vùng nhãn.")
        color = argb(s.color or _DEFAULT_COLORS[i % len(_DEFAULT_COLORS)])[2:]
        labels = ""
        if chart.data_labels:
            labels = (f'<c:dLbls><c:numFmt formatCode="{esc_attr(chart.num_fmt)}" sourceLinked="0"/>'
                      '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>' + _tx_pr(900) +
                      '<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
                      '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
                      '<c:showBubbleSize val="0"/></c:dLbls>')
        series.append(
            f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/><c:tx><c:v>{esc_text(s.name)}</c:v></c:tx>'
            f'<c:spPr><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></c:spPr>'
            f'<c:invertIfNegative val="0"/>{labels}{cat}'
            f"<c:val><c:numRef><c:f>{esc_text(_absolute(sheet, s.values))}</c:f>"
            f"{_num_cache(s.cached, chart.num_fmt)}</c:numRef></c:val></c:ser>"
        )
    horizontal = chart.horizontal
    scaling = '<c:orientation val="minMax"/>'
    if chart.axis_max is not None:
        scaling += f'<c:max val="{fmt_num(chart.axis_max)}"/>'
    if chart.axis_min is not None:
        scaling += f'<c:min val="{fmt_num(chart.axis_min)}"/>'
    # Horizontal bars list the first category at the bottom unless the category axis is reversed;
    # reversed, the value axis must cross at the last category to stay below the bars.
    cat_orientation = "maxMin" if horizontal else "minMax"
    title = (f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{_font_props(1200, True)}</a:pPr>'
             f'<a:r><a:rPr lang="vi-VN" sz="1200" b="1"><a:latin typeface="{FONT}"/><a:cs typeface="{FONT}"/>'
             f"</a:rPr><a:t>{esc_text(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>"
             '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>')
    legend = ('<c:legend><c:legendPos val="b"/><c:overlay val="0"/>' + _tx_pr(1000) + "</c:legend>"
              if len(chart.series) > 1 else "")
    body = (
        f'<c:barChart><c:barDir val="{"bar" if horizontal else "col"}"/><c:grouping val="clustered"/>'
        f'<c:varyColors val="0"/>{"".join(series)}<c:gapWidth val="60"/>'
        f'<c:axId val="{_CAT_AX}"/><c:axId val="{_VAL_AX}"/></c:barChart>'
        f'<c:catAx><c:axId val="{_CAT_AX}"/><c:scaling><c:orientation val="{cat_orientation}"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{"l" if horizontal else "b"}"/>'
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>{_tx_pr(900)}'
        f'<c:crossAx val="{_VAL_AX}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{_VAL_AX}"/><c:scaling>{scaling}</c:scaling><c:delete val="0"/>'
        f'<c:axPos val="{"b" if horizontal else "l"}"/><c:majorGridlines/>'
        '<c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/>{_tx_pr(900)}<c:crossAx val="{_CAT_AX}"/>'
        f'<c:crosses val="{"max" if horizontal else "autoZero"}"/><c:crossBetween val="between"/></c:valAx>'
    )
    xml = (
        f'{XML_DECL}<c:chartSpace xmlns:c="{NS_CHART}" xmlns:a="{NS_A}" xmlns:r="{NS_REL}">'
        '<c:date1904 val="0"/><c:lang val="vi-VN"/><c:roundedCorners val="0"/>'
        f"<c:chart>{title}<c:plotArea><c:layout/>{body}</c:plotArea>{legend}"
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f'<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:solidFill>'
        f'<a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>{_tx_pr(1000)}</c:chartSpace>'
    )
    return xml.encode("utf-8")


def drawing_xml(charts: Sequence[ChartSpec], rel_ids: Sequence[str]) -> bytes:
    """The drawing part placing each chart over its anchor cells; ``rel_ids`` point to the chart parts."""
    anchors = []
    for i, (chart, rid) in enumerate(zip(charts, rel_ids), 1):
        (r1, c1), (r2, c2) = parse_cell_ref(chart.anchor[0]), parse_cell_ref(chart.anchor[1])
        if r2 <= r1 or c2 <= c1:
            raise BadInput(f"Vị trí biểu đồ “{chart.title}” không hợp lệ: "
                           f"{chart.anchor[0]}–{chart.anchor[1]}.")
        anchors.append(
            '<xdr:twoCellAnchor editAs="oneCell">'
            f"<xdr:from><xdr:col>{c1 - 1}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{r1 - 1}</xdr:row>"
            "<xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f"<xdr:to><xdr:col>{c2 - 1}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{r2 - 1}</xdr:row>"
            "<xdr:rowOff>0</xdr:rowOff></xdr:to>"
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{i + 1}" '
            f'name="{esc_attr(f"Biểu đồ {i}")}" descr="{esc_attr(chart.title)}"/><xdr:cNvGraphicFramePr/>'
            '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
            f'<a:graphic><a:graphicData uri="{NS_CHART}"><c:chart xmlns:c="{NS_CHART}" r:id="{rid}"/>'
            "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
        )
    return (f'{XML_DECL}<xdr:wsDr xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}" xmlns:r="{NS_REL}">'
            f'{"".join(anchors)}</xdr:wsDr>').encode()


def rels_xml(rels: Sequence[tuple[str, str, str]]) -> bytes:
    """A relationships part from (id, type, target) triples."""
    items = "".join(f'<Relationship Id="{rid}" Type="{t}" Target="{esc_attr(target)}"/>'
                    for rid, t, target in rels)
    return f'{XML_DECL}<Relationships xmlns="{NS_PKG_REL}">{items}</Relationships>'.encode()
