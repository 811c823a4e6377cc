"""Pulumi resources, a local emulator and a drift check for Amazon Chime SDK Voice proxy sessions."""

__version__ = "0.1.0"
