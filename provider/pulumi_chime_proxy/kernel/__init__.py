"""What both resources share: prop helpers, the check-failure type and the model's
constraints mapped onto Pulumi property names, the diff outcome, and the glue that
turns them into the engine's results. The per-resource packages keep what differs."""
