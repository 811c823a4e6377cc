"""Driving the Pulumi engine: the ``pulumi`` CLI on PATH (``pulumi_cli``) and stacks on a
local file backend through the Automation API (``workspace``)."""
