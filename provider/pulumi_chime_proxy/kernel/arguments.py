"""The two ways to construct a resource, as pulumi-aws offers them: an ``...Args``
object, or its fields as keyword arguments."""

from __future__ import annotations

from typing import Any, TypeVar

import pulumi

from .spec import ResourceSpec

ArgsT = TypeVar("ArgsT")


def resource_args(args_type: type[ArgsT], positional: tuple[Any, ...], keywords: dict[str, Any],
                  ) -> tuple[ArgsT, pulumi.ResourceOptions | None]:
    """The args object and options from what a resource constructor received after its name.

    Accepted: ``(args)``, ``(args, opts)``, ``(args=..., opts=...)``, and the fields as
    keywords with ``opts`` positional or as ``opts=``. Mixing an args object with
    fields is a TypeError, as is a missing required field (named by the args type).
    """
    fields = dict(keywords)
    args, opts = fields.pop("args", None), fields.pop("opts", None)
    rest = list(positional)
    if rest and isinstance(rest[0], args_type):
        if args is not None:
            raise TypeError(f"{args_type.__name__} given twice")
        args = rest.pop(0)
    if rest:
        if opts is not None or len(rest) > 1 or not isinstance(rest[0], pulumi.ResourceOptions):
            raise TypeError(f"expected ({args_type.__name__}, ResourceOptions) or keyword "
                            f"arguments, got {', '.join(type(a).__name__ for a in positional)}")
        opts = rest[0]
    if args is None:
        return args_type(**fields), opts
    if fields:
        raise TypeError(f"pass either a {args_type.__name__} or its fields as keyword arguments, "
                        f"not both (got {', '.join(sorted(fields))})")
    if not isinstance(args, args_type):
        raise TypeError(f"expected a {args_type.__name__}, got {type(args).__name__}")
    return args, opts


def input_props(spec: ResourceSpec, args: Any) -> dict[str, Any]:
    """The inputs of ``args`` (an ``...Args`` object) as provider props, each secret
    input (phone numbers, names) wrapped as a Pulumi secret."""
    props = {name: getattr(args, name) for name in spec.inputs}
    for name in spec.secret_inputs():
        if props[name] is not None:
            props[name] = pulumi.Output.secret(props[name])
    return props
