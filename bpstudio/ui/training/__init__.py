"""Training in the window: worker thread, session, controller, edits and commands."""
