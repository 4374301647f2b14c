"""The PDF of a written debrief or return-to-force note, laid out by Qt from the report HTML.

PDF/A-1b (fonts embedded, so it archives), A4, the security marking painted in every page's
header and footer and "Page n of N" in the footer. ``pdf_bytes`` is the ``PdfRenderer`` the
faces hand to ``VaultService.issue_debrief`` and ``issue_return_note``: the core never imports Qt.
"""

from __future__ import annotations

import os
import re
from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

RESOLUTION: Final = 300  # dots per inch of the page layout; text stays vector
MARGIN_MM: Final = 16.0
BAND_MM: Final = 9.0  # the header and footer bands, inside the margins
BODY_FONT: Final = "DejaVu Sans"
# The HTML's own marking lines (top and bottom, for a browser): the painted bands replace them.
_MARKING_LINES: Final = re.compile(r"<!--marking-->.*?<!--/marking-->", re.DOTALL)


def ensure_gui() -> None:
    """A QGuiApplication for the layout: offscreen when there is no display (the CLI)."""
    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _keep.append(QGuiApplication([]))


_keep: list[QGuiApplication] = []


def pdf_bytes(html: str, marking: str, title: str) -> bytes:
    """Lay ``html`` out on A4 pages and return the PDF/A-1b file."""
    ensure_gui()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPdfVersion(QPagedPaintDevice.PdfVersion.PdfVersion_A1b)
    writer.setResolution(RESOLUTION)
    writer.setTitle(title)
    writer.setCreator("NCPI Field")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    page = writer.pageLayout().paintRectPixels(RESOLUTION)
    band = BAND_MM / 25.4 * RESOLUTION
    body = QRectF(0, band, page.width(), page.height() - 2 * band)

    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(QFont(BODY_FONT, 10))
    document.setDocumentMargin(0)
    document.setHtml(_MARKING_LINES.sub("", html))  # the bands carry it on every page
    document.setPageSize(QSizeF(body.width(), body.height()))
    pages = document.pageCount()

    painter = QPainter(writer)
    try:
        for index in range(pages):
            if index:
                writer.newPage()
            _bands(painter, page, band, marking, number=index + 1, pages=pages)
            painter.save()
            painter.translate(0, band - index * body.height())
            document.drawContents(
                painter, QRectF(0, index * body.height(), body.width(), body.height())
            )
            painter.restore()
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def _bands(
    painter: QPainter, page: QRectF, band: float, marking: str, *, number: int, pages: int
) -> None:
    """The marking centred in the header and the footer; the page number right of the footer."""
    width, height = page.width(), page.height()
    font = QFont(BODY_FONT, 9)
    font.setBold(True)
    painter.setFont(font)
    centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
    painter.drawText(QRectF(0, 0, width, band), centre, marking)
    footer = QRectF(0, height - band, width, band)
    painter.drawText(footer, centre, marking)
    plain = QFont(BODY_FONT, 8)
    painter.setFont(plain)
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    painter.drawText(footer, right, f"Page {number} of {pages}")
