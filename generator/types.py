"""Map openapi-python-client's parsed properties to our type strings and runtime codecs.

A *codec* is a Python expression (evaluated in the generated module) naming the runtime helper
that converts one value: ``None`` for JSON-native values, ``_models.parse_datetime`` for dates,
``_encoding.encode_bool`` for a boolean parameter, and so on. Models and enums are referred to by
their generated class names.
"""

from __future__ import annotations

from typing import Any

import attrs
from openapi_python_client.parser.properties import (
    AnyProperty,
    BooleanProperty,
    ConstProperty,
    DateProperty,
    DateTimeProperty,
    EnumProperty,
    FileProperty,
    FloatProperty,
    IntProperty,
    ListProperty,
    LiteralEnumProperty,
    ModelProperty,
    NoneProperty,
    StringProperty,
    UnionProperty,
    UuidProperty,
)


@attrs.frozen
class TypeInfo:
    """How one value is typed in Python and converted on the wire."""

    annotation: str  # the Python type for a response field / parameter
    parse: str  # runtime parser expression for responses, "None" when the JSON value is kept
    encode: str  # runtime encoder expression for requests
    is_list: bool = False  # a list parameter is sent as repeated keys
    model: str | None = None  # class name when the value is a generated model
    enum: str | None = None
    refs: tuple[str, ...] = ()  # every generated class the annotation names


ANY = TypeInfo("Any", "None", "_encoding.encode_json")


UNION_PARSER = "_models.model_union_parser("


def model_info(name: str) -> TypeInfo:
    """A generated model's TypeInfo."""
    return TypeInfo(name, lazy_model(name), "_encoding.encode_json", model=name, refs=(name,))


def merged_info(infos: list[TypeInfo]) -> TypeInfo:
    """One field of a merged `oneOf` record whose alternatives type it differently: models are
    parsed as a `oneOf` of them, other objects kept as sent, plain JSON values as sent."""
    annotation = " | ".join(dict.fromkeys(i.annotation for i in infos))
    refs = tuple(dict.fromkeys(r for i in infos for r in i.refs))
    if all(i.model and not i.is_list for i in infos):
        models = ", ".join(lazy_model(str(i.model)) for i in infos)
        return TypeInfo(annotation, f"{UNION_PARSER}{models})", "_encoding.encode_json", refs=refs)
    if all(i.parse == "None" for i in infos):
        return TypeInfo(annotation, "None", "_encoding.encode_any", refs=refs)
    if all((i.model and not i.is_list) or i.annotation == "dict[str, Any]" for i in infos):
        return TypeInfo("dict[str, Any]", "None", "_encoding.encode_json")
    return ANY


def lazy_model(name: str) -> str:
    """A parser that imports the model's module on first use (`_MODELS` names the package):
    importing a resource must not import every model it might return."""
    return f'_models.LazyModel(_MODELS, "{name}")'


def type_info(prop: Any, response: bool = False) -> TypeInfo:
    """Return the TypeInfo of a parsed property (nullability is handled by the caller).

    `response`: the property is an operation's response (or one record of a list's), whose
    `oneOf` alternatives the parser leaves unprocessed: they name their component models.
    """
    if isinstance(prop, UnionProperty):
        inner = [p for p in prop.inner_properties if not isinstance(p, NoneProperty)]
        if len(inner) == 1:
            return type_info(inner[0], response)
        infos = [type_info(p, response) for p in inner]
        annotations = " | ".join(dict.fromkeys(i.annotation for i in infos))
        if all(i.model and not i.is_list for i in infos):
            # oneOf of objects: the runtime picks the model that knows most of the payload's keys.
            return merged_info(infos)
        refs = tuple(dict.fromkeys(r for i in infos for r in i.refs))
        return TypeInfo(annotations, "None", "_encoding.encode_any", refs=refs)
    if isinstance(prop, BooleanProperty):
        return TypeInfo("bool", "None", "_encoding.encode_bool")
    if isinstance(prop, IntProperty):
        return TypeInfo("int", "None", "_encoding.encode_int")
    if isinstance(prop, FloatProperty):
        return TypeInfo("float", "None", "_encoding.encode_number")
    if isinstance(prop, DateTimeProperty):
        return TypeInfo("_dt.datetime", "_models.parse_datetime", "_encoding.encode_datetime")
    if isinstance(prop, DateProperty):
        return TypeInfo("_dt.date", "_models.parse_date", "_encoding.encode_date")
    if isinstance(prop, (EnumProperty, LiteralEnumProperty)):
        name = str(prop.class_info.name)
        if prop.value_type is int:
            return TypeInfo("int", "None", "_encoding.encode_int")
        return TypeInfo(
            f"{name} | str",
            f"_models.enum_parser({name})",
            "_encoding.encode_str",
            enum=name,
            refs=(name,),
        )
    if isinstance(prop, (StringProperty, UuidProperty)):
        return TypeInfo("str", "None", "_encoding.encode_str")
    if isinstance(prop, ConstProperty):
        return TypeInfo("str", "None", "_encoding.encode_str")
    if isinstance(prop, ListProperty):
        inner = type_info(prop.inner_property)
        parse = "None" if inner.parse == "None" else f"_models.list_parser({inner.parse})"
        return TypeInfo(
            f"list[{inner.annotation}]",
            parse,
            inner.encode,
            is_list=True,
            model=inner.model,
            enum=inner.enum,
            refs=inner.refs,
        )
    if isinstance(prop, ModelProperty):
        name = str(prop.class_info.name)
        if response and prop.required_properties is None and prop.optional_properties is None:
            return model_info(name)
        if not (prop.required_properties or prop.optional_properties):
            # A free-form object: Twilio sends it as JSON, forms carry it as a JSON string.
            return TypeInfo("dict[str, Any]", "None", "_encoding.encode_json")
        return model_info(name)
    if isinstance(prop, FileProperty):
        return TypeInfo("bytes", "None", "_encoding.encode_any")
    if isinstance(prop, (AnyProperty, NoneProperty)):
        return ANY
    raise TypeError(f"unsupported property type {type(prop).__name__}")


@attrs.frozen
class ParamRule:
    """What a request parameter of one encoding accepts beyond the response field's type: every
    value the runtime encoder sends correctly and Twilio accepts (`_encoding` refuses the rest
    before the network, naming the parameter)."""

    base: str  # the response field's annotation
    annotation: str  # the parameter's
    accepts: str  # said in the parameter's docstring


#: Keyed by encoder. A `date` is a `datetime`'s base class, so the date-time rule spells both
#: for the reader; both encoders take ISO strings, as Twilio's docs samples pass them.
PARAM_RULES: dict[str, ParamRule] = {
    "_encoding.encode_datetime": ParamRule(
        "_dt.datetime",
        "_dt.datetime | _dt.date | str",
        "a `datetime` (sent in UTC), a `date` (that day, sent as its midnight UTC, as the"
        " official library sends it) or an ISO-8601 string",
    ),
    "_encoding.encode_date": ParamRule(
        "_dt.date", "_dt.date | str", "a `date` or a `YYYY-MM-DD` string"
    ),
    # Twilio's docs pass integers for some string parameters (`workers.list(available=1)`), and
    # the runtime sends them as their digits, as the official library does; the type says so.
    "_encoding.encode_str": ParamRule("str", "str | int", ""),
    "_encoding.encode_int": ParamRule("int", "int | str", "an `int` or a string of digits"),
    "_encoding.encode_number": ParamRule("float", "float | str", "a number or a string of one"),
    "_encoding.encode_bool": ParamRule(
        "bool",
        "bool | _encoding.BoolString",
        'a `bool` or `"true"`/`"false"` (also `"True"`/`"False"`, `"TRUE"`/`"FALSE"`)',
    ),
}


def param_rule(info: TypeInfo) -> ParamRule | None:
    """The rule that widens this parameter's annotation, if any (enums stay `Enum | str`)."""
    rule = PARAM_RULES.get(info.encode)
    if rule is None:
        return None
    base = info.annotation[len("list[") : -1] if info.is_list else info.annotation
    return rule if base in (rule.base, rule.annotation) else None


def param_info(info: TypeInfo) -> TypeInfo:
    """A request parameter's TypeInfo: the response type widened by its encoding's rule."""
    rule = param_rule(info)
    if rule is None:
        return info
    annotation = f"list[{rule.annotation}]" if info.is_list else rule.annotation
    return attrs.evolve(info, annotation=annotation)


def accepts_note(info: TypeInfo) -> str:
    """`Accepts …` for a parameter's docstring, or "" when its type says it all."""
    rule = param_rule(info)
    if rule is None or not rule.accepts:
        return ""
    return f"Accepts {'a list of ' if info.is_list else ''}{rule.accepts}."


def path_param_annotation(raw: dict[str, Any]) -> str:
    """A path parameter's type: `str`, but for an integer one (a Sync list item's `Index`)
    that of an integer parameter, as the path encoder takes both."""
    schema = raw.get("schema") or {}
    return (
        PARAM_RULES["_encoding.encode_int"].annotation if schema.get("type") == "integer" else "str"
    )
