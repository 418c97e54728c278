"""The demo's cached assets: world files, tokenizer, SFT warm-started model."""
