"""Causal LM plumbing: tokenizer, model construction, loading, generation."""
