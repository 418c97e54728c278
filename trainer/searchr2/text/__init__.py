"""Text-level pieces of the Search-R1 trajectory format: prompt, tags, answer scoring."""
