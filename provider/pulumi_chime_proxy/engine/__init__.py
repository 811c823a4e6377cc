"""Everything about the Pulumi engine itself: finding or building the pinned CLI, the
Python language host that CLI needs, and running stacks through the Automation API."""
