"""A training run: its directory, its control flags, its main loop."""
