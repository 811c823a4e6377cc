"""The ``VoiceConnectorProxy`` resource: props mapping, check, diff, provider and resource class."""
