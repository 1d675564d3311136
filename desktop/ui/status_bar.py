"""The main window's status bar: vault file, user, lock state, demo marker, work in progress."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QStatusBar, QWidget

from desktop.ui.context import AppContext

DEMO_MARKER = "DEMO – nur synthetische Daten"


class AppStatusBar(QStatusBar):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appStatusBar")
        self._ctx = ctx
        self.demo_label = QLabel(DEMO_MARKER, self)
        self.demo_label.setObjectName("demoMarker")
        self.demo_label.setStyleSheet(
            "QLabel { background: #b35900; color: white; font-weight: bold;"
            " padding: 1px 8px; border-radius: 3px; }")
        self.demo_label.setVisible(False)
        self.vault_label = QLabel(self)
        self.vault_label.setObjectName("vaultLabel")
        self.user_label = QLabel(self)
        self.user_label.setObjectName("userLabel")
        self.state_label = QLabel(self)
        self.state_label.setObjectName("lockStateLabel")
        self.busy_label = QLabel("Arbeitet …", self)
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.setVisible(False)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("taskProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.setVisible(False)

        self.addWidget(self.demo_label)
        self.addWidget(self.busy_label)
        self.addWidget(self.progress)
        self._user_separator = self._separator()
        for widget in (self.vault_label, self._user_separator, self.user_label,
                       self._separator(), self.state_label):
            if isinstance(widget, QLabel):
                widget.setContentsMargins(4, 0, 4, 0)
            self.addPermanentWidget(widget)

        ctx.runner.sig_busy.connect(self._on_busy)
        ctx.runner.sig_progress.connect(self._on_progress)
        ctx.session.sig_unlocked.connect(self.update_state)
        ctx.session.sig_locked.connect(self.update_state)
        self.update_state()

    def _separator(self) -> QFrame:
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        return line

    def update_state(self) -> None:
        ctx = self._ctx
        self.demo_label.setVisible(ctx.demo)
        self.vault_label.setText(f"Tresor: {ctx.vault_service.path.name}")
        self.vault_label.setToolTip(str(ctx.vault_service.path))
        workspace = ctx.session.workspace
        if workspace is None:
            self.user_label.clear()
            exists = ctx.vault_service.path.exists()
            self.state_label.setText("Gesperrt" if exists else "Noch kein Tresor angelegt")
        else:
            user = workspace.user
            self.user_label.setText(f"{user.display_name} ({user.role.label})")
            self.state_label.setText("Entsperrt")
        self.user_label.setVisible(workspace is not None)
        self._user_separator.setVisible(workspace is not None)

    def _on_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        if not busy:
            self.progress.setVisible(False)
            self.progress.reset()

    def _on_progress(self, _task_id: int, done: int, total: int, text: str) -> None:
        self.progress.setVisible(True)
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)
        self.progress.setFormat(f"{text} %p %" if text else "%p %")
        self.progress.setToolTip(text)
