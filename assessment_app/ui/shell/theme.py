# SPDX-License-Identifier: GPL-3.0-or-later
"""The look: Fusion with a fixed light palette, the shipped CJK font, calm colours, large type.

Users work at a bedside, often on a laptop in poor light: type is large, contrast high and
nothing depends on the system theme (a dark desktop theme must not make cards unreadable).
"""

from __future__ import annotations

import re
import sys

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from assessment_app.resources import resource_path

CJK_FONT_FILE = ("fonts", "wqy-microhei.ttc")
BASE_POINT_SIZE = 11

INK = "#1d2733"
MUTED = "#5b6675"
DISABLED_INK = "#9aa3ad"
ACCENT = "#2f6db3"
CHOSEN_BG = "#e3eefb"
PAGE_BG = "#eef1f5"
CARD_BG = "#ffffff"
BORDER = "#cfd6df"
PENDING_BG = "#fff1cc"
PENDING_INK = "#7a4d00"
ERROR_INK = "#b3261e"
ERROR_BG = "#fdecea"
WARNING_BG = "#fff4e0"
WARNING_BORDER = "#e0a030"
DEMO_BG = "#6a1b9a"  # a colour nothing else uses: demo mode must not be mistaken for real work
DEMO_EDGE = "#f0c000"

STYLE_SHEET = f"""
QMainWindow, QWidget[look="page"] {{ background: {PAGE_BG}; }}
QToolBar {{ spacing: 10px; padding: 6px 10px; background: {CARD_BG}; border-bottom: 1px solid {BORDER}; }}
QToolBar QToolButton {{ padding: 6px 12px; }}
QFrame[look="itemCard"] {{ background: {CARD_BG}; border: 1px solid {BORDER}; border-radius: 8px; }}
QFrame[look="itemCard"][answered="false"] {{ border-left: 4px solid #b9c2cd; }}
QFrame[look="itemCard"][answered="true"] {{ border-left: 4px solid {ACCENT}; }}
QLabel[look="itemTitle"] {{ font-size: 13pt; font-weight: bold; color: {INK}; }}
QLabel[look="itemStatus"] {{ color: {MUTED}; }}
QLabel[look="itemStatus"][answered="true"] {{ color: {ACCENT}; font-weight: bold; }}
QFrame[look="optionRow"] {{ border: 1px solid transparent; border-radius: 6px; }}
QFrame[look="optionRow"]:hover {{ border: 1px solid {BORDER}; background: #f6f8fb; }}
QFrame[look="optionRow"][chosen="true"] {{ background: {CHOSEN_BG}; border: 1px solid {ACCENT}; }}
QLabel[look="optionText"] {{ color: {INK}; }}
QRadioButton {{ color: {INK}; font-weight: bold; }}
QLabel[look="dimensionHeader"] {{ font-size: 15pt; font-weight: bold; color: #17324f; padding-top: 10px; }}
QLabel[look="dimensionStatus"] {{ color: {MUTED}; font-size: 11pt; }}
QFrame[look="panelBox"] {{ background: {CARD_BG}; border: 1px solid {BORDER}; border-radius: 8px; }}
QLabel[look="panelHeading"] {{ font-size: 12pt; font-weight: bold; color: #17324f; }}
QLabel#gradeLabel {{ font-size: 26pt; font-weight: bold; color: {ACCENT}; }}
QLabel#gradeCodeLabel {{ font-size: 12pt; color: {INK}; }}
QLabel#missingLabel {{ color: {INK}; }}
QLabel[look="pendingBadge"] {{ background: {PENDING_BG}; color: {PENDING_INK}; border-radius: 4px; padding: 2px 6px;
    font-weight: bold; }}
QLabel[look="body"] {{ color: {INK}; }}
QListWidget#itemNavigator {{ background: {CARD_BG}; border: none; border-right: 1px solid {BORDER}; }}
QListWidget#itemNavigator::item:selected {{ background: {CHOSEN_BG}; color: {INK}; }}
QListWidget#pageNavigation {{ background: #17324f; color: #ffffff; border: none; font-size: 12pt; padding-top: 8px; }}
QListWidget#pageNavigation::item {{ padding: 12px 14px; }}
QListWidget#pageNavigation::item:selected {{ background: {ACCENT}; color: #ffffff; }}
QLabel[look="pageHeading"] {{ font-size: 16pt; font-weight: bold; color: #17324f; }}
QLabel[look="fieldError"] {{ color: {ERROR_INK}; }}
QLabel[look="fieldHint"] {{ color: {MUTED}; }}
QLabel[look="infoText"] {{ color: #17324f; }}
QLabel[look="errorSummary"] {{ color: {ERROR_INK}; background: {ERROR_BG}; border: 1px solid #f0b8b2;
    border-radius: 6px; padding: 6px 10px; }}
QFrame[look="warningBanner"] {{ background: {WARNING_BG}; border: 1px solid {WARNING_BORDER}; border-left: 6px solid
    {WARNING_BORDER}; border-radius: 6px; }}
QLabel[look="warningTitle"] {{ color: {PENDING_INK}; font-weight: bold; font-size: 12pt; }}
QLabel[look="warningText"] {{ color: {PENDING_INK}; }}
QLabel[look="statusBadge"] {{ background: {CHOSEN_BG}; color: #17324f; border-radius: 4px; padding: 3px 10px;
    font-weight: bold; }}
QLabel[look="revealedNumber"] {{ font-size: 20pt; font-weight: bold; color: {INK}; letter-spacing: 2px; }}
QFrame[look="materialGroup"] {{ border: 1px dashed {BORDER}; border-radius: 6px; }}
QLabel[look="groupTitle"] {{ color: #17324f; font-weight: bold; }}
QWidget[look="buttonBar"] {{ background: {CARD_BG}; border-top: 1px solid {BORDER}; }}
QGroupBox {{ font-weight: bold; color: #17324f; border: 1px solid {BORDER}; border-radius: 8px; margin-top: 12px;
    padding: 10px 8px 8px 8px; background: {CARD_BG}; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
QFrame[look="demoBanner"] {{ background: {DEMO_BG}; border-bottom: 3px solid {DEMO_EDGE}; }}
QLabel[look="demoBannerText"] {{ color: #ffffff; font-size: 12pt; font-weight: bold; }}
QFrame[look="demoBanner"] QPushButton {{ background: #ffffff; color: {DEMO_BG}; font-weight: bold;
    border-radius: 4px; padding: 4px 12px; }}
QLabel[look="pageNotice"] {{ color: {PENDING_INK}; background: {WARNING_BG}; border-bottom: 1px solid
    {WARNING_BORDER}; padding: 8px 20px; }}
QFrame[look="lockOverlay"] {{ background: #17324f; }}
QFrame[look="lockBox"] {{ background: {CARD_BG}; border-radius: 10px; }}
QLabel[look="lockTitle"] {{ font-size: 16pt; font-weight: bold; color: #17324f; }}
QLabel[look="fingerprintText"] {{ font-family: monospace; font-size: 12pt; color: {INK}; }}
"""


def load_cjk_font() -> str | None:
    """Register the shipped WenQuanYi Micro Hei and return its proportional family name.

    A fresh Debian or Windows machine may have no CJK font at all, so we never rely on the system.
    """
    font_id = QFontDatabase.addApplicationFont(str(resource_path(*CJK_FONT_FILE)))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    proportional = [family for family in families if "mono" not in family.lower()]
    return (proportional or families or [None])[0]


def light_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: PAGE_BG,
        QPalette.ColorRole.WindowText: INK,
        QPalette.ColorRole.Base: CARD_BG,
        QPalette.ColorRole.AlternateBase: "#f6f8fb",
        QPalette.ColorRole.Text: INK,
        QPalette.ColorRole.Button: "#f4f6f9",
        QPalette.ColorRole.ButtonText: INK,
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffdc",
        QPalette.ColorRole.ToolTipText: INK,
        QPalette.ColorRole.PlaceholderText: MUTED,
        QPalette.ColorRole.Link: ACCENT,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_INK))
    return palette


LARGE_TEXT_SCALE = 1.25
_POINT_SIZE = re.compile(r"(\d+)pt\b")


def style_sheet(scale: float = 1.0) -> str:
    """The style sheet with every point size multiplied by `scale` (large text)."""
    if scale == 1.0:
        return STYLE_SHEET
    return _POINT_SIZE.sub(lambda match: f"{round(int(match.group(1)) * scale)}pt", STYLE_SHEET)


def set_text_scale(app: QApplication, scale: float) -> None:
    """Application font and style-sheet type, `scale` times the normal size (1.0: normal)."""
    font = app.font()
    font.setPointSize(round(BASE_POINT_SIZE * scale))
    app.setFont(font)
    app.setStyleSheet(style_sheet(scale))


def text_scale(app: QApplication) -> float:
    return app.font().pointSize() / BASE_POINT_SIZE


def apply_theme(app: QApplication, scale: float = 1.0) -> str | None:
    """Fusion, light palette, shipped CJK font as the application font. Returns the font family."""
    app.setStyle("Fusion")
    app.setPalette(light_palette())
    family = load_cjk_font()
    if family is None:
        print(
            f"警告：无法加载中文字体 {resource_path(*CJK_FONT_FILE)}，中文可能无法显示。\n"
            f"Warning: cannot load the CJK font {resource_path(*CJK_FONT_FILE)}; Chinese text may not display.",
            file=sys.stderr,
        )
    app.setFont(QFont(family) if family else QFont())
    set_text_scale(app, scale)
    return family


def set_look(widget: QWidget, look: str) -> None:
    """Tag a widget for the style sheet (object names stay free for tests and accessibility)."""
    widget.setProperty("look", look)


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Change a property the style sheet reads, and re-apply the style only if it changed."""
    text = "true" if value else "false"
    if widget.property(name) == text:
        return
    widget.setProperty(name, text)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def fit_wrapped_labels(window: QWidget) -> None:
    """Give each word-wrapped label of a dialog the height its text needs at its width, then
    resize the dialog: Qt sizes a top-level window from size hints, which leaves long
    wrapped explanations cut off after a few lines."""
    from PySide6.QtWidgets import QLabel

    for label in window.findChildren(QLabel):
        if label.wordWrap() and label.isVisibleTo(window) and label.text():
            label.setMinimumHeight(label.heightForWidth(max(label.width(), label.minimumWidth())))
    window.adjustSize()
