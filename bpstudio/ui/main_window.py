"""The main window: actions, menus, toolbar and docks; it owns the undo stack."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QCursor,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from bpstudio import __version__
from bpstudio.engine.pace import Pace, at_full_speed
from bpstudio.engine.training import Progress
from bpstudio.examples import EXAMPLES_DIR
from bpstudio.formats.recovery import RecoveryStore
from bpstudio.model.fields import VALIDATED_KINDS, connection_kinds, neuron_kinds
from bpstudio.model.runs import Run
from bpstudio.ui.canvas.scene import NetworkScene
from bpstudio.ui.canvas.view import NetworkView
from bpstudio.ui.document.autosave import AUTOSAVE_INTERVAL_MS, AutoSaver
from bpstudio.ui.document.dock_undo import DockUndoFilter
from bpstudio.ui.document.editor import EditController
from bpstudio.ui.document.file_actions import Document, FileActions
from bpstudio.ui.host import HELP_MENU, VIEW_MENU
from bpstudio.ui.i18n import translate
from bpstudio.ui.icons import icon
from bpstudio.ui.language_menu import language_actions, offer_restart
from bpstudio.ui.panels.palette import PaletteWidget
from bpstudio.ui.panels.problems import ProblemsPanel
from bpstudio.ui.panels.properties import PropertiesPanel
from bpstudio.ui.panels.runs_panel import RunsPanel
from bpstudio.ui.panels.sweep_dialog import SweepDialog
from bpstudio.ui.panels.training_panel import (
    StatusLabel,
    TrainingPanel,
    status_line,
    widest_status_line,
)
from bpstudio.ui.plots.run_overlay import RunOverlay
from bpstudio.ui.plots.timeline_bar import TimelineBar
from bpstudio.ui.plots.training_plots import TrainingPlots
from bpstudio.ui.settings_store import SettingsStore
from bpstudio.ui.training.actions import TrainingActions
from bpstudio.ui.training.controller import TrainingController
from bpstudio.ui.training.load_dialog import LoadDialog
from bpstudio.ui.training.looking_back import viewing_line
from bpstudio.ui.training.pace_control import SpeedBox, pace_line
from bpstudio.ui.visuals import install_visuals
from bpstudio.ui.words import connection_count, export_label, neuron_count
from bpstudio.ui.xray import install_xray
from bpstudio.workflow import data_problems


def welcome() -> str:
    """The status bar's first line."""
    return translate("MainWindow",
                     "Welcome to BP Studio! Drag neurons from the palette onto the canvas; drag "
                     "from a neuron's right knob to another to connect them. F fits the view.")


PROBLEMS_DELAY_MS = 150     # validate once after a burst of edits, not after each one


def counts_text(neurons: int, connections: int) -> str:
    """"1 neuron · 2,304 connections" for the status bar."""
    return f"{neuron_count(neurons)} · {connection_count(connections)}"


class MainWindow(QMainWindow):
    """One document at a time; every edit goes through ``undo_stack``."""

    document_changed = Signal()   # after set_document() shows a new document

    def __init__(self, settings: QSettings, parent: QWidget | None = None, *,
                 recovery: RecoveryStore | None = None,
                 autosave_ms: int = AUTOSAVE_INTERVAL_MS) -> None:
        """``recovery``: where crash-recovery copies go (the app passes the user's data
        folder; None, as in tests and screenshots, keeps none)."""
        super().__init__(parent)
        self.store = SettingsStore(settings)
        self.undo_stack = QUndoStack(self)
        self.document: Document | None = None
        self.scene: NetworkScene | None = None
        self.view = NetworkView(self)
        self.view.snap_to_grid = self.store.snap_to_grid()
        self.setCentralWidget(self.view)
        self.editor = EditController(self.undo_stack, self)
        self.editor.base_dir = self.document_dir
        self.files = FileActions(self, self.store)
        self.training = TrainingController(self.editor, self)
        self.training.set_pace(Pace.from_key(self.store.pace()))   # a view setting
        self.training_actions = TrainingActions(self, self.training)
        self.load_dialog = LoadDialog(self.training.loader, self)
        self.autosaver = AutoSaver(self, recovery, autosave_ms)
        self._problems_timer = QTimer(self)
        self._problems_timer.setSingleShot(True)
        self._problems_timer.setInterval(PROBLEMS_DELAY_MS)
        self._problems_timer.timeout.connect(self.refresh_problems)
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect_signals()
        self.resize(1360, 860)
        if geometry := self.store.geometry():
            self.restoreGeometry(geometry)
        if state := self.store.window_state():
            self.restoreState(state)
        # Plug-ins see this window through the PluginHost protocol (ui/host.py).
        self.visuals = install_visuals(self)
        self.editor.hidden_spacing = self.visuals.thumbnails.row_spacing
        self.xray = install_xray(self)

    # ------------------------------------------------------------- building
    def add_dock(self, title: str, name: str, widget: QWidget,
                 area: Qt.DockWidgetArea, *, hidden: bool = False) -> QDockWidget:
        """A movable, closable, floatable dock; panels added from outside use it too."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)       # saveState/restoreState find docks by name
        dock.setWidget(widget)
        if hidden:
            # Hidden before it joins the layout: a visible dock's minimum size would widen
            # the window for good, even after it is hidden.
            dock.hide()
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.palette = PaletteWidget()
        self.properties = PropertiesPanel()
        self.problems = ProblemsPanel()
        self.history = QUndoView(self.undo_stack)
        self.history.setEmptyLabel(self.tr("Opened"))
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.palette_dock = self.add_dock(self.tr("Palette"), "palette", self.palette, left)
        self.properties_dock = self.add_dock(self.tr("Properties"), "properties", self.properties,
                                             right)
        self.problems_dock = self.add_dock(self.tr("Problems"), "problems", self.problems, right)
        self.history_dock = self.add_dock(self.tr("History"), "history", self.history, right)
        self.tabifyDockWidget(self.problems_dock, self.history_dock)
        self.training_panel = TrainingPanel(self.training_actions.actions())
        self.speed_box = SpeedBox(self.training, self.store.set_pace)
        self.training_panel.add_speed_control(self.speed_box)
        self.training_dock = self.add_dock(self.tr("Training"), "training", self.training_panel,
                                           left)
        self.training_plots = TrainingPlots(self.training.history)
        self.timeline_bar = TimelineBar(self.training)
        plots_area = QWidget()
        column = QVBoxLayout(plots_area)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.training_plots, 1)
        column.addWidget(self.timeline_bar)
        self.plots_dock = self.add_dock(self.tr("Training Plots"), "training_plots", plots_area,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.runs_panel = RunsPanel(self.editor, self.store.runs_with_weights())
        self.training.runs_with_weights = self.store.runs_with_weights()
        # Beside Problems and History: the table gets the column's height, and the plots
        # under the canvas stay in view while runs are ticked.
        self.runs_dock = self.add_dock(self.tr("Runs"), "runs", self.runs_panel, right)
        self.tabifyDockWidget(self.history_dock, self.runs_dock)
        self._run_overlay: RunOverlay | None = None   # with the plots, on first use
        # The side columns run the full height; the plots sit under the canvas only.
        self.setCorner(Qt.Corner.BottomLeftCorner, left)
        self.setCorner(Qt.Corner.BottomRightCorner, right)
        self.resizeDocks([self.palette_dock], [270], Qt.Orientation.Horizontal)
        self.resizeDocks([self.properties_dock], [290], Qt.Orientation.Horizontal)
        self.resizeDocks([self.palette_dock, self.training_dock], [300, 540],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.plots_dock], [220], Qt.Orientation.Vertical)
        self.problems_dock.raise_()

    def _action(self, text: str, slot, shortcut=None, icon_name: str = "",
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        self.addAction(action)       # shortcuts work even while the menu bar is hidden
        return action

    def _build_actions(self) -> None:
        f, e, v = self.files, self.editor, self.view
        K = QKeySequence.StandardKey
        self.new_action = self._action(self.tr("&New"), f.new, K.New, "new",
                                       self.tr("Start an empty network"))
        self.open_action = self._action(self.tr("&Open…"), f.open, K.Open, "open",
                                        self.tr("Open a .bpnet file"))
        self.save_action = self._action(self.tr("&Save"), f.save, K.Save, "save",
                                        self.tr("Save the network"))
        self.save_as_action = self._action(self.tr("Save &As…"), f.save_as, "Ctrl+Shift+S")
        self.revert_action = self._action(self.tr("&Revert"), f.revert,
                                          tip=self.tr("Discard unsaved changes"))
        self.export_action = self._action(
            self.tr("&Export…"), f.export, "Ctrl+E", "export",
            self.tr("Export the trained network: NumPy, JSON, ONNX, Python, PyTorch or C"))
        self.import_action = self._action(
            self.tr("&Import…"), f.import_model, "Ctrl+Shift+O",
            tip=self.tr("Open an ONNX model or a BP Studio .npz/.json export as a new network"))
        self._export_format_actions: list[QAction] | None = None   # made on first use
        self.animation_action = self._action(
            self.tr("Export &Animation…"), self._export_animation,
            tip=self.tr("Write the run's timeline as an animated GIF or PNG"))
        self.quit_action = self._action(self.tr("&Quit"), self.close, K.Quit)
        self.new_for_dataset_action = self._action(
            self.tr("New for &Dataset…"), f.new_for_dataset, "Ctrl+Shift+N",
            tip=self.tr("A new network whose inputs and outputs fit a dataset"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo_action.setIcon(icon("undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(icon("redo"))
        self.addActions([self.undo_action, self.redo_action])
        self._dock_undo = DockUndoFilter(self, self.undo_action, self.redo_action)
        self.copy_action = self._action(self.tr("&Copy"), e.copy, "Ctrl+C")
        self.paste_action = self._action(self.tr("&Paste"), self._paste, "Ctrl+V")
        self.duplicate_action = self._action(self.tr("D&uplicate"), e.duplicate, "Ctrl+D")
        self.delete_action = self._action(self.tr("&Delete"), e.delete_selection,
                                          [QKeySequence.StandardKey.Delete, "Backspace"],
                                          "delete", self.tr("Delete the selection"))
        self.select_all_action = self._action(self.tr("Select &All"), self._select_all, "Ctrl+A")
        self.fully_connect_action = self._action(
            self.tr("&Fully Connect Selected Columns"), e.fully_connect_selection, "Ctrl+L",
            "fully-connect", self.tr("Connect every selected neuron to every one in the next "
                                     "selected column (left → right)"))
        self.mark_source_action = self._action(
            self.tr("&Mark Selection as Source (A)"), e.mark_source,
            tip=self.tr("Remember the selected neurons as A, to fully connect them to a later "
                        "selection"))
        self.connect_from_source_action = self._action(
            self.tr("Fully Connect Source (A) → Selectio&n"), e.fully_connect_from_source,
            tip=self.tr("Connect every neuron marked as source (A) to every selected neuron"))
        self.insert_layer_action = self._action(
            self.tr("&Insert Layer Between…"), self._insert_layer, "Ctrl+I", "insert-layer",
            self.tr("Put a new hidden layer between two selected columns"))
        self.layout_action = self._action(self.tr("&Auto-Layout"), e.auto_layout, "Ctrl+Shift+L",
                                          "layout", self.tr("Arrange left to right by depth"))
        self.fit_action = self._action(self.tr("&Fit to View"), v.fit_to_view, "F", "fit",
                                       self.tr("Show the whole network"))
        self.zoom_in_action = self._action(self.tr("Zoom &In"), v.zoom_in, ["+", "=", "Ctrl++"],
                                           "zoom-in", self.tr("Zoom in"))
        self.zoom_out_action = self._action(self.tr("Zoom &Out"), v.zoom_out, ["-", "Ctrl+-"],
                                            "zoom-out", self.tr("Zoom out"))
        self.actual_size_action = self._action(self.tr("&Actual Size"), self._actual_size, "Ctrl+0")
        self.snap_action = self._action(self.tr("&Snap to Grid"), lambda: None, icon_name="grid",
                                        tip=self.tr("Snap dragged neurons to the grid"))
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(self.view.snap_to_grid)
        self.snap_action.toggled.connect(self._on_snap_toggled)
        self.select_tool = self._action(self.tr("&Select Tool"),
                                        lambda: self._set_tool("select"), "S", "select",
                                        self.tr("Select and move (drag a knob to connect)"))
        self.connect_tool = self._action(self.tr("&Connect Tool"),
                                         lambda: self._set_tool("connect"), "C", "connect",
                                         self.tr("Drag from any neuron to connect it"))
        group = QActionGroup(self)
        for action in (self.select_tool, self.connect_tool):
            action.setCheckable(True)
            group.addAction(action)
        self.select_tool.setChecked(True)
        self.about_action = self._action(self.tr("&About BP Studio"), self._about)
        self.language_actions = language_actions(self, self._choose_language)
        self.sweep_action = self._action(
            self.tr("S&weep…"), self.open_sweep, "Ctrl+Shift+G",
            tip=self.tr("Train the network over a small grid of settings, one run each, "
                        "and compare the runs"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.examples_menu = file_menu.addMenu(self.tr("&Examples"))
        self.examples_menu.aboutToShow.connect(self._fill_examples_menu)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_as_action, self.revert_action])
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        export_as = file_menu.addMenu(self.tr("Export &As"))
        # The exporters load when this menu first opens, not with the window (start-up).
        export_as.aboutToShow.connect(
            lambda: export_as.isEmpty() and export_as.addActions(self.export_format_actions))
        file_menu.addAction(self.animation_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions([self.copy_action, self.paste_action, self.duplicate_action,
                         self.delete_action])
        edit.addSeparator()
        edit.addAction(self.select_all_action)
        edit.addSeparator()
        edit.addActions([self.mark_source_action, self.connect_from_source_action])
        network = bar.addMenu(self.tr("&Network"))
        network.addAction(self.new_for_dataset_action)
        network.addSeparator()
        network.addActions([self.fully_connect_action, self.mark_source_action,
                            self.connect_from_source_action, self.insert_layer_action,
                            self.layout_action])
        train_menu = self.training_actions.menu(self)
        train_menu.addSeparator()
        train_menu.addAction(self.sweep_action)
        bar.addMenu(train_menu)
        view = bar.addMenu(self.tr("&View"))
        view.setObjectName(VIEW_MENU)
        view.addActions([self.fit_action, self.zoom_in_action, self.zoom_out_action,
                         self.actual_size_action])
        view.addSeparator()
        view.addActions([self.select_tool, self.connect_tool, self.snap_action])
        view.addSeparator()
        for dock in (self.palette_dock, self.properties_dock, self.problems_dock,
                     self.history_dock, self.training_dock, self.plots_dock,
                     self.runs_dock):
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        language = view.addMenu(self.tr("&Language"))
        language.addActions(list(self.language_actions.values()))
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.setObjectName(HELP_MENU)
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main"), self)
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        bar.addActions([self.new_action, self.open_action, self.save_action])
        bar.addSeparator()
        bar.addActions([self.undo_action, self.redo_action])
        bar.addSeparator()
        bar.addActions([self.select_tool, self.connect_tool, self.delete_action])
        bar.addSeparator()
        bar.addActions([self.fully_connect_action, self.insert_layer_action,
                        self.layout_action])
        bar.addSeparator()
        bar.addActions([self.fit_action, self.zoom_in_action, self.zoom_out_action,
                        self.snap_action])
        self.train_separator = bar.addSeparator()
        bar.addActions(self.training_actions.actions())
        self.toolbar_speed_box = SpeedBox(self.training, self.store.set_pace)
        speed = QWidget()
        speed_row = QHBoxLayout(speed)
        speed_row.setContentsMargins(6, 0, 0, 0)
        speed_row.addWidget(QLabel(self.tr("Speed")))
        speed_row.addWidget(self.toolbar_speed_box)
        bar.addWidget(speed)
        train_button = bar.widgetForAction(self.training_actions.train)
        train_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        self.toolbar = bar

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.counts_label = QLabel()
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(52)
        self.training_label = StatusLabel(
            widest_status_line())
        self._status_viewed = False     # the training line names a snapshot viewed
        status.addPermanentWidget(self.training_label)
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.zoom_label)

    def _connect_signals(self) -> None:
        v, e = self.view, self.editor
        v.connection_requested.connect(e.connect)
        v.connections_edit_requested.connect(e.set_connection_properties)
        v.connection_actions = [self.delete_action]
        v.neurons_move_requested.connect(e.move)
        v.neurons_add_requested.connect(e.add_neurons)
        v.status_message.connect(self.show_message)
        v.zoom_changed.connect(self._on_zoom_changed)
        e.message.connect(self.show_message)
        e.refused.connect(self._on_edit_refused)
        self.files.message.connect(self.show_message)
        self.files.document_saved.connect(self.autosaver.document_saved)
        self.autosaver.message.connect(self.show_message)
        self.undo_stack.indexChanged.connect(self.autosaver.note_change)
        self.training.progress_changed.connect(self.autosaver.note_change)
        self.training.state_changed.connect(self.autosaver.training_state_changed)
        self.palette.add_requested.connect(self._on_palette_add_requested)
        self.properties.neurons_edit_requested.connect(e.set_neuron_properties)
        self.properties.connections_edit_requested.connect(e.set_connection_properties)
        self.problems.selection_requested.connect(self._on_problem_selected)
        # Bound methods, not lambdas: Qt drops them when the window is destroyed, while the
        # stack (a child) still emits on its way out.
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.undo_stack.indexChanged.connect(self._on_undo_index_changed)
        t = self.training
        self.training_panel.settings_edit_requested.connect(e.set_training_settings)
        self.training_panel.dataset_edit_requested.connect(e.set_dataset)
        self.training_panel.status_message.connect(self.show_message)
        t.progress_changed.connect(self._on_training_progress)
        t.message_changed.connect(self._on_training_message)
        t.status_message.connect(self.show_message)
        t.history_changed.connect(self.training_plots.request_refresh)
        self.runs_panel.overlay_changed.connect(self._show_runs_on_plots)
        self.runs_panel.status_message.connect(self.show_message)
        self.runs_panel.kept_weights_changed.connect(self._on_kept_weights_changed)
        t.timeline_changed.connect(self._on_timeline_changed)
        t.pace_changed.connect(self._on_pace_changed)
        self.training_plots.epoch_clicked.connect(self.timeline_bar.view_clicked_epoch)
        self.training_actions.install_space_tap(self.view)

    def build_deferred(self) -> None:
        """Build now what is otherwise built right after the window's first frame (the
        plots: see ui/widgets/after_paint.py), for a picture of the finished window."""
        self.training_plots.build()
        self.visuals.boundary.build_plot()

    @property
    def run_overlay(self) -> RunOverlay:
        """The ticked runs' curves over the training plots (builds the plots if need be)."""
        if self._run_overlay is None:
            plots = self.training_plots
            self._run_overlay = RunOverlay(plots.loss_plot, plots.metric_plot)
        return self._run_overlay

    def _show_runs_on_plots(self, runs: list[tuple[Run, int]]) -> None:
        if runs or self._run_overlay is not None:   # no runs on plots not yet built: done
            self.run_overlay.show(runs)

    # ------------------------------------------------------------- document
    def set_document(self, document: Document) -> None:
        """Show ``document``; the old scene stops following its network."""
        self.training.discard()      # the caller asked about saving already
        self.autosaver.document_replaced()
        if self.scene is not None:
            self.scene.detach()
            self._follow_model(self.document.network, False)
        self.view.cancel_gesture()
        self.undo_stack.clear()
        self.document = document
        old_scene = self.scene
        self.scene = NetworkScene(document.network, self)
        self.view.set_network_scene(self.scene)
        if old_scene is not None:
            old_scene.deleteLater()
        self.editor.set_document(document.network, self.scene)
        self.scene.selection_changed.connect(self._on_selection_changed)
        self._follow_model(document.network, True)
        self.properties.set_network(document.network)
        self.training.set_document(document.network, self.document_dir)
        self.training_panel.set_network(document.network, self.document_dir)
        self.runs_panel.set_network(document.network)
        self.refresh_problems()
        self._update_counts()
        self.update_title()
        self.undo_stack.setClean()
        QTimer.singleShot(0, self.view.fit_to_view)
        self.view.fit_to_view()
        self.document_changed.emit()

    def document_dir(self) -> Path | None:
        """Where relative dataset paths of the document start."""
        document = self.document
        if document is None:
            return None
        if document.path is not None:
            return document.path.parent
        return EXAMPLES_DIR if document.example else None

    def update_title(self) -> None:
        self.setWindowTitle(f"{self.document.display_name}[*] — BP Studio")   # names only
        self.setWindowModified(not self.undo_stack.isClean())

    def _follow_model(self, network, follow: bool) -> None:
        """(Un)subscribe to the events that can change the problems list or the counts.

        validate() takes tens of milliseconds on 100k connections, so plain moves, weight
        and bias edits (and training's parameter updates) must not schedule it."""
        events = network.events
        pairs = [(events.neurons_added, self._on_structure_changed),
                 (events.neurons_removed, self._on_structure_changed),
                 (events.connections_added, self._on_structure_changed),
                 (events.connections_removed, self._on_structure_changed),
                 (events.neurons_changed, self._on_neurons_changed),
                 (events.connections_changed, self._on_connections_changed),
                 (events.settings_changed, self._on_settings_changed)]
        for event, handler in pairs:
            (event.connect if follow else event.disconnect)(handler)

    def _on_structure_changed(self, items: list) -> None:
        self._problems_timer.start()
        self._update_counts()

    def _on_neurons_changed(self, ids: list[int], fields: frozenset[str]) -> None:
        # Moves, biases, weights and freezing never change what validate() reports.
        if neuron_kinds(fields) & VALIDATED_KINDS:
            self._problems_timer.start()

    def _on_connections_changed(self, ids: list[int], fields: frozenset[str]) -> None:
        # A connection made recurrent or ordinary changes which loops validate() reports.
        if connection_kinds(fields) & VALIDATED_KINDS:
            self._problems_timer.start()

    def _on_settings_changed(self) -> None:
        self._problems_timer.start()     # the loss decides the softmax problems

    def refresh_problems(self) -> None:
        self._problems_timer.stop()
        self.problems.refresh(self.document.network, self.document_dir())
        errors = sum(1 for p in self.problems.problems if p.severity == "error")
        total = len(self.problems.problems)
        self.problems_dock.setWindowTitle(self.tr("Problems (%n)", "", total) if total
                                          else self.tr("Problems"))
        self.problems.setProperty("errors", errors)

    def _update_counts(self) -> None:
        net = self.document.network
        self.counts_label.setText(counts_text(len(net.neurons), len(net.connections)))

    # -------------------------------------------------------------- slots
    def _on_zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f}%")

    def _on_palette_add_requested(self, role: str, count: int) -> None:
        self.editor.add_neurons(role, count, self._view_center())

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_undo_index_changed(self, index: int) -> None:
        self.properties.refresh()

    def show_message(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def _on_training_progress(self, progress: Progress | None) -> None:
        t = self.training
        self.training_panel.show_progress(t.state, progress)
        viewing = t.viewing
        self._status_viewed = viewing is not None
        if viewing is not None:
            line = viewing_line(viewing, self.timeline_bar.last_epoch(), t.state)
        elif progress is None:
            line = ""
        else:
            line = status_line(t.state, progress)
            if t.state == "running":
                line += " · " + pace_line(t, progress.steps_per_second)
        self.training_label.setText(line)
        running = t.state == "running" and progress is not None
        self.training_panel.show_pace(pace_line(t, progress.steps_per_second if running
                                                else None))
        self.training_plots.set_full_speed(
            running and at_full_speed(t.pace_rate(), progress.steps_per_second))
        # Trained but unapplied weights are unsaved work too (Save writes them). Set only
        # on a change: Qt re-titles the window on every call (10+ times a second here).
        modified = not self.undo_stack.isClean() or self.training.has_unsaved_progress()
        if modified != self.isWindowModified():
            self.setWindowModified(modified)

    def _on_timeline_changed(self) -> None:
        t = self.training
        viewing, best = t.viewing, t.timeline.best()
        self.training_plots.set_cursor(viewing.epoch if viewing is not None else None)
        self.training_plots.set_best(best.epoch if best is not None else None)
        # The status line names the epoch viewed; at the present, progress_changed writes
        # it (the timeline changes with every report: 10 times a second while training).
        if viewing is not None or self._status_viewed:
            self._on_training_progress(t.progress)

    def _on_pace_changed(self) -> None:
        self._on_training_progress(self.training.progress)

    def _on_training_message(self, text: str) -> None:
        self.training_panel.show_message(text)
        if text:
            self.show_message(text)

    def _on_edit_refused(self, message: str) -> None:
        self.properties.show_refusal(message)

    def _on_selection_changed(self) -> None:
        neurons = self.scene.selected_neuron_ids()
        connections = self.scene.selected_connection_ids()
        self.properties.show_selection(neurons, connections)
        has = bool(neurons or connections)
        self.delete_action.setEnabled(has)
        self.copy_action.setEnabled(bool(neurons))
        self.duplicate_action.setEnabled(bool(neurons))

    def _on_problem_selected(self, neuron_ids: list, connection_ids: list) -> None:
        self.scene.select(neuron_ids, connection_ids)
        self.view.center_on_neurons(neuron_ids)

    def open_sweep(self) -> SweepDialog:
        """Train ▸ Sweep…: a window-modal dialog; its runs join the Runs dock, ticked."""
        dialog = SweepDialog(self.document.network, self.editor, self.document_dir,
                             self.training.runs_with_weights, self)
        dialog.recorded.connect(self._on_sweep_recorded)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_sweep_recorded(self, indices: list) -> None:
        self.runs_dock.show()
        self.runs_dock.raise_()
        self.runs_panel.tick(indices)

    def _on_kept_weights_changed(self, count: int) -> None:
        self.training.runs_with_weights = count
        self.store.set_runs_with_weights(count)

    def _on_snap_toggled(self, on: bool) -> None:
        self.view.snap_to_grid = on
        self.store.set_snap_to_grid(on)

    def _set_tool(self, tool: str) -> None:
        self.view.tool = tool
        (self.connect_tool if tool == "connect" else self.select_tool).setChecked(True)
        self.show_message(self.tr("Connect tool: drag from any neuron to another")
                          if tool == "connect"
                          else self.tr("Select tool: click, shift-click or drag a rectangle"))

    def _paste(self) -> None:
        """Paste at the mouse cursor when it is over the canvas (else beside the copies)."""
        viewport = self.view.viewport()
        where = viewport.mapFromGlobal(QCursor.pos())
        self.editor.paste(self.view.mapToScene(where) if viewport.rect().contains(where)
                          else None)

    def _select_all(self) -> None:
        self.scene.select_all()

    def _actual_size(self) -> None:
        self.view.resetTransform()
        self.view.zoom_changed.emit(1.0)

    def _insert_layer(self) -> None:
        count, ok = QInputDialog.getInt(self, self.tr("Insert layer"),
                                        self.tr("Neurons in the new layer:"), 8, 1, 4096)
        if ok:
            self.editor.insert_layer(count)

    def _view_center(self) -> QPointF:
        return self.view.mapToScene(self.view.viewport().rect().center())

    def _fill_recent_menu(self) -> None:
        menu: QMenu = self.recent_menu
        menu.clear()
        recent = self.store.recent_files()
        for path in recent:
            action = menu.addAction(path)
            action.triggered.connect(lambda checked=False, p=path: self.files.open_recent(p))
        if not recent:
            menu.addAction(self.tr("No recent files")).setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(self.tr("Clear Recent Files"), self.store.clear_recent_files)

    def _fill_examples_menu(self) -> None:
        menu: QMenu = self.examples_menu
        menu.clear()
        examples = self.files.examples()
        for name, title in examples:
            title = translate("Examples", title)
            action = menu.addAction(f"{title}  ({name})" if title != name else name)
            action.triggered.connect(lambda checked=False, n=name: self.files.open_example(n))
        if not examples:
            menu.addAction(self.tr("No examples installed")).setEnabled(False)

    @property
    def export_format_actions(self) -> list[QAction]:
        """File ▸ Export As ▸, one action per export format (made on first use)."""
        if self._export_format_actions is None:
            from bpstudio.formats.exports import FORMATS

            f = self.files
            self._export_format_actions = [
                self._action(export_label(export_format),
                             lambda k=export_format.key: f.export(k))
                for export_format in FORMATS]
        return self._export_format_actions

    def _export_animation(self) -> None:
        from bpstudio.ui.animation_dialog import export_animation_interactively

        export_animation_interactively(self)

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About BP Studio"),
                          f"<b>BP Studio {__version__}</b><p>"
                          + self.tr("Draw a neural network neuron by neuron and watch "
                                    "backpropagation train it.") + "</p>")

    def _choose_language(self, language: str) -> None:
        """View ▸ Language: remember the choice; it applies from the next start, which the
        user may ask for at once (the window is built in one language)."""
        offer_restart(self, self.store.settings, language)

    def changeEvent(self, event: QEvent) -> None:
        # Back from another program (a file manager): the dataset may have been put back
        # or moved away, so the Problems dock and the views look again.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() \
                and self.document is not None:
            # (only a path check: the graph did not change, so it is not validated again)
            if data_problems(self.document.network, self.document_dir()) != \
                    self.problems.data_messages:
                self._problems_timer.start()
            self.training.recheck_data()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.view.cancel_gesture()
        # Hold training still while the user decides; Save writes the weights shown.
        was_running = self.training.state == "running"
        self.training.pause()
        if not self.files.maybe_save():
            if was_running:
                self.training.start()
            event.ignore()
            return
        self.training.shutdown()
        self.autosaver.discard()     # a clean close: nothing to recover
        self.store.save_window(self.saveGeometry(), self.saveState())
        self.store.sync()
        event.accept()
