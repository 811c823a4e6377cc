"""``chime-proxy drift``: compare live proxy sessions with a stack, for people and pipelines."""
