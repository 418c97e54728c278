"""Regenerate from step k: the editor asks the live trainer to redo a recent trajectory's
steps k.. with the current policy, for inspection only (never trained on)."""
