"""The development tree of pulumi-chime-proxy: what builds, demonstrates and measures the
package, and is not part of it (not in the wheel).

``python -m chime_proxy_dev engine ensure | demo | bench``; the Makefile runs these.
"""
