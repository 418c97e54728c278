"""The demo's deterministic synthetic world: fictional people, companies and cities."""
