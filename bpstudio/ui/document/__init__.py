"""The document in the window: undo commands, editor controller, clipboard, layout, files."""
