"""Run configuration: typed sections, presets as data, strict validation."""
