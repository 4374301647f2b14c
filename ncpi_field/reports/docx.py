"""The debrief and the return-to-force note as Word documents a force can edit into its plan.

Real Word headings (Heading 1-3 styles) and real tables (``Table Grid``) built from the same
``Debrief`` as the HTML, so the figures are the same; the security marking sits in every page's
header and footer, with the page number in the footer. The chart is a table of shaded cells,
which Word keeps editable.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Final

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ncpi_field.reports.analysis import GRADE_LABELS, Agreement
from ncpi_field.reports.debrief_model import METHODS, WITHHELD_BAR, Debrief, Finding, Quoted
from ncpi_field.reports.html import GRADE_COLOURS, bar_colour, kappa_text, percent
from ncpi_field.reports.return_note import ReturnNote
from ncpi_field.reports.suppression import cell, protect

# A fixed date in the package's core properties: the same debrief gives the same bytes.
_FIXED_DATE: Final = "2000-01-01T00:00:00+00:00"


def debrief_docx(d: Debrief) -> bytes:
    doc = _start(d.header.security_marking, f"{d.header.title}: {d.header.force}")
    for part in (_header, _scope, _snapshot, _self_assessment, _returned, _findings, _methods,
                 _earlier, _provisional, _actions, _closing):  # fmt: skip
        part(doc, d)
    return save(doc)


def _header(doc: Document, d: Debrief) -> None:
    doc.add_heading(d.header.title, level=1)
    if d.header.audience == "internal":
        doc.add_paragraph("Internal version: not for the force. It shows every item.")
    else:
        doc.add_paragraph("The force's version: the items agreed to share with the force.")
    h = d.header
    rows = [
        ["Force", h.force],
        ["Inspection", h.inspection_type],
        ["Fieldwork", h.fieldwork],
        ["Framework", h.framework],
        ["Debrief", f"{h.debrief_ref}, {h.date}"],
        ["Security marking", h.security_marking],
    ]
    if h.approval:
        rows.append(["Approval", h.approval])
    _table(doc, None, rows)


def _scope(doc: Document, d: Debrief) -> None:
    doc.add_heading("1. Scope and methods", level=2)
    for t in d.scope:
        doc.add_heading(f"{t.title}: {t.total}", level=3)
        if t.rows:
            _table(doc, ["Type", "Number"], [[r.label, str(r.count)] for r in t.rows])
        else:
            doc.add_paragraph("None recorded.")


def _snapshot(doc: Document, d: Debrief) -> None:
    doc.add_heading("2. Case audit snapshot", level=2)
    doc.add_paragraph(
        f"{d.audits_graded} case audits graded. Grade by area of child protection "
        "(primary category):"
    )
    _table(
        doc,
        ["Category", *d.grade_labels, "All"],
        [[r.label, *(str(c) for c in r.cells), str(r.total)] for r in d.grades]
        + [["All categories", *(str(c) for c in d.grade_totals)]],
    )
    doc.add_heading("Chart: share of each category's cases by grade", level=3)
    _chart(doc, d)


def _self_assessment(doc: Document, d: Debrief) -> None:
    doc.add_heading("3. The force's self-assessment and our grades", level=2)
    _agreement(doc, d.overall, d.stages)


def _returned(doc: Document, d: Debrief) -> None:
    doc.add_heading("4. Cases returned to the force for immediate action", level=2)
    if not d.returned:
        doc.add_paragraph("No case has been returned for immediate action.")
        return
    rows = [[r.title, r.category, r.status] for r in d.returned]
    _table(doc, ["Audit", "Category", "Status"], rows)


def _findings(doc: Document, d: Debrief) -> None:
    doc.add_heading("5. Findings", level=2)
    if d.header.audience == "internal" and d.withheld:
        doc.add_paragraph(f"{d.withheld} item(s) marked not to share appear here only.")
    if not d.sections:
        doc.add_paragraph("No findings are recorded in this debrief.")
    for section in d.sections:
        doc.add_heading(section.title, level=3)
        for f in section.findings:
            _finding(doc, f)


def _finding(doc: Document, f: Finding) -> None:
    p = doc.add_paragraph()
    p.add_run(f"{f.number}. {f.headline.text}").bold = True
    if f.area:
        p.add_run(f" ({f.area})")
    if not f.shared:
        p.add_run(" [not shared with the force]").italic = True
    r = f.recommendation
    if r is not None:
        rows = [[f"Draft recommendation {r.rec_id}".strip(), r.text.text]]
        if r.how:
            rows.append(["How it could be achieved", r.how.text])
        if r.proportionate:
            rows.append(["Why it is proportionate", r.proportionate.text])
        rows.append(["Timescale", r.timescale])
        _table(doc, None, rows)
    context = " ".join(x for x in (_text(f.context_force), _partners(f.context_partners)) if x)
    if context:
        doc.add_paragraph(f"Context considered: {context}")


def _methods(doc: Document, d: Debrief) -> None:
    if not d.findings:
        return
    doc.add_heading("How we reached this", level=3)
    doc.add_paragraph(
        "For each finding, the methods that support it and the records behind them. "
        "A finding resting on one method only is marked."
    )
    rows = [
        [
            str(f.number),
            *(", ".join(f.evidence.get(m, ())) for m in METHODS),
            _methods_mark(f),
        ]
        for f in d.findings
    ]
    _table(doc, ["No.", *METHODS, "Methods"], rows, font=Pt(8))


def _methods_mark(f: Finding) -> str:
    if f.one_method_only:
        return "One only"
    return str(len(f.methods)) if f.methods else "None cited"


def _earlier(doc: Document, d: Debrief) -> None:
    if not d.earlier:
        return
    doc.add_heading("Earlier recommendations: progress", level=2)
    rows = [
        [e.rec_id, e.text.text, e.progress, _text(e.note), ", ".join(e.evidence)] for e in d.earlier
    ]
    heading = ["Recommendation", "What it asked", "Progress", "What the evidence shows", "Evidence"]
    _table(doc, heading, rows)


def _provisional(doc: Document, d: Debrief) -> None:
    if not d.provisional:
        return
    doc.add_heading("Provisional judgments", level=2)
    if not d.provisional_approved:
        doc.add_paragraph("Not approved by the lead HMI: internal only.")
    _table(doc, ["Topic", "Provisional grade"], [list(p) for p in d.provisional])


def _actions(doc: Document, d: Debrief) -> None:
    doc.add_heading("6. Actions agreed", level=2)
    if d.actions:
        rows = [[a.action.text, a.owner, a.due] for a in d.actions]
        _table(doc, ["Action", "Owner", "Due"], rows)
    else:
        doc.add_paragraph("No actions were agreed.")
    if d.information_requests:
        doc.add_heading("Information still requested", level=3)
        rows = [[a.action.text, a.owner, a.due] for a in d.information_requests]
        _table(doc, ["Information", "From", "Due"], rows)
    if d.force_response:
        doc.add_heading("The force's response", level=3)
        doc.add_paragraph(d.force_response.text)


def _closing(doc: Document, d: Debrief) -> None:
    doc.add_heading("7. Next steps", level=2)
    for step in d.next_steps:
        doc.add_paragraph(step, style="List Bullet")
    doc.add_heading("8. Caveats", level=2)
    for caveat in d.caveats:
        text = caveat.text if isinstance(caveat, Quoted) else caveat
        doc.add_paragraph(text, style="List Bullet")


def _text(q: Quoted | None) -> str:
    return q.text if q is not None else ""


def _partners(q: Quoted | None) -> str:
    return f"Partners: {q.text}" if q is not None else ""


def _agreement(doc: Document, a: Agreement, stages: Sequence[Agreement]) -> None:
    if not a.pairs:
        doc.add_paragraph(
            "No audited case carries a grade from the force, so agreement cannot be measured yet."
        )
        return
    doc.add_paragraph(
        f"The force graded {a.pairs} of the audited cases itself. Our grade agreed with the "
        f"force's in {percent(a.percent_agreeing)} of them (Cohen's kappa {kappa_text(a.kappa)})."
    )
    labels = [GRADE_LABELS.get(c, c) for c in a.categories]
    m = protect(a.matrix)
    _table(
        doc,
        ["Our grade \\ the force's grade", *labels, "All"],
        [
            [labels[i], *(str(c) for c in cells), str(m.row_totals[i])]
            for i, cells in enumerate(m.cells)
        ]
        + [["All", *(str(c) for c in m.column_totals), str(m.total)]],
    )
    if stages:
        doc.add_heading("By stage", level=3)
        _table(
            doc,
            ["Stage", "Cases", "Agreeing", "Kappa (95% CI)"],
            [
                [
                    s.label,
                    str(cell(s.pairs)),
                    percent(s.percent_agreeing) if s.pairs >= 3 else "–",
                    kappa_text(s.kappa) if s.pairs >= 3 else "–",
                ]
                for s in stages
            ],
        )
    doc.add_paragraph(
        "Kappa measures agreement beyond chance: 1 is complete agreement, 0 no more than chance. "
        "The interval is the large-sample 95% confidence interval."
    )


def _chart(doc: Document, d: Debrief) -> None:
    """One row per category: a 25-cell strip shaded by grade (4% a cell), withheld in grey."""
    legend = doc.add_paragraph()
    keys = [*zip(GRADE_COLOURS, d.grade_labels, strict=True)]
    for colour, label in [*keys, (bar_colour(WITHHELD_BAR), "Withheld (small numbers)")]:
        run = legend.add_run("■ ")
        run.font.color.rgb = _rgb(colour)
        legend.add_run(f"{label}   ")
    strip = 25
    bars = [("All categories", d.overall_bar), *((r.label, r.bar) for r in d.grades)]
    table = doc.add_table(rows=len(bars), cols=strip + 1)
    for row_index, (label, bar) in enumerate(bars):
        cells = table.rows[row_index].cells
        cells[0].text = label
        _font(cells[0], Pt(7))
        position = 1
        for grade, share in bar:
            colour = bar_colour(grade)
            for _ in range(round(share / 4)):
                if position <= strip:
                    _shade(cells[position], colour)
                    position += 1
    table.autofit = False
    for row in table.rows:
        row.cells[0].width = Mm(45)
        for c in row.cells[1:]:
            c.width = Mm(5)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _shade(c: _Cell, colour: str) -> None:
    properties = c._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#").upper())
    properties.append(shading)


def _font(c: _Cell, size: Pt) -> None:
    for paragraph in c.paragraphs:
        for run in paragraph.runs:
            run.font.size = size


def _table(
    doc: Document,
    heading: Sequence[str] | None,
    rows: Sequence[Sequence[str]],
    *,
    font: Pt | None = None,
) -> Table:
    """A real Word table: a bold heading row that repeats on each page, then the rows."""
    width = len(heading) if heading is not None else len(rows[0])
    table = doc.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    if heading is not None:
        cells = table.add_row().cells
        for c, text in zip(cells, heading, strict=True):
            c.text = ""
            c.paragraphs[0].add_run(text).bold = True
            _shade(c, "#E8EDF3")
        header_properties = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header_properties.append(repeat)
    for row in rows:
        cells = table.add_row().cells
        for c, text in zip(cells, row, strict=True):
            c.text = text
            if font is not None:
                _font(c, font)
    doc.add_paragraph()
    return table  # type: ignore[no-any-return]


def _start(marking: str, title: str) -> Document:
    doc: Document = docx.Document()
    doc.core_properties.title = title
    doc.core_properties.author = "NCPI Field"
    doc.core_properties.comments = marking
    doc.core_properties.created = doc.core_properties.modified = _fixed_date()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin = section.bottom_margin = Mm(20)
    head = section.header.paragraphs[0]
    head.text = marking
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.runs[0].bold = True
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run(f"{marking}    Page ").bold = False
    _page_field(foot)
    return doc


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field: Word fills in each page's number."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _fixed_date() -> dt.datetime:
    return dt.datetime.fromisoformat(_FIXED_DATE)


def save(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def return_note_docx(n: ReturnNote) -> bytes:
    doc = _start(n.security_marking, f"Return to force: {n.audit_ref}")
    doc.add_heading("Case returned to the force for immediate action", level=1)
    if n.force_reference:
        doc.add_paragraph(
            "This copy carries the force's own case reference, printed at the lead inspector's "
            "request for the force's own records. Do not copy it into any other document."
        ).runs[0].bold = True
    rows = [["Force", n.force], ["Audit reference", n.audit_ref]]
    if n.force_reference:
        rows.append(["The force's case reference", n.force_reference])
    rows += [
        ["Area of child protection", n.category],
        ["Received by (role)", n.recipient],
        ["Passed to the force", n.received_at],
        ["Status", n.status],
    ]
    _table(doc, None, rows)
    doc.add_heading("Why the risk is immediate", level=2)
    doc.add_paragraph(n.risk.text)
    doc.add_heading("What we ask of the force", level=2)
    for line in n.ask:
        doc.add_paragraph(line, style="List Bullet")
    doc.add_paragraph(
        "The inspection team will follow this case up until the force has answered. This note "
        "is not a finding of the inspection; findings are reported separately."
    )
    return save(doc)
