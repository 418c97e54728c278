"""Search-R1 multi-turn rollouts: generate, act (search / answer / invalid), repeat."""
