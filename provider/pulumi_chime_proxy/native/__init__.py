"""The native provider (``chime-proxy:index:*``), for Pulumi programs in any language.

The dynamic resources (:mod:`pulumi_chime_proxy`) stay what Python stacks use; this
package serves the same kinds through the plugin ``pulumi-resource-chime-proxy``.
"""
