"""GRPO: rewards, group advantages, the clipped policy loss with info masking."""
