"""Exceptions shared across the trainer."""


class Aborted(Exception):
    """The user asked to stop (stop command or the editor went away) mid-phase."""
