"""A passphrase strength hint: a thin coloured bar and a word (never a gate by itself)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QWidget

from desktop.services.workspace import MIN_PASSPHRASE_LENGTH, passphrase_strength

STRENGTH_COLORS = ("#b00020", "#c75000", "#b38f00", "#4d8f1f", "#1b6e20")


def password_field(name: str, parent: QWidget | None = None) -> QLineEdit:
    """A line edit that hides what is typed."""
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class StrengthHint(QWidget):
    """Shows ``passphrase_strength`` of the text given to ``set_passphrase``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.label = QLabel(self)
        self.label.setObjectName("strengthLabel")
        self.label.setMinimumWidth(150)
        row.addWidget(self.bar, 1)
        row.addWidget(self.label)
        self.set_passphrase("")

    def set_passphrase(self, text: str) -> None:
        score, word = passphrase_strength(text)
        color = STRENGTH_COLORS[score]
        self.bar.setValue(score if text else 0)
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {color}; }}")
        if not text:
            self.label.setText("")
        elif len(text) < MIN_PASSPHRASE_LENGTH:
            self.label.setText(f"zu kurz (noch {MIN_PASSPHRASE_LENGTH - len(text)} Zeichen)")
        else:
            self.label.setText(word)
        self.label.setStyleSheet(f"color: {color};")
