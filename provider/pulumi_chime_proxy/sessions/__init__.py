"""The ``ProxySession`` resource: props mapping, check, diff, provider and resource class."""
