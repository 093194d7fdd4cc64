"""Shared machinery for TwiML documents.

Every TwiML verb and noun is a subclass of :class:`TwiML`. A subclass declares

* its XML tag (``_tag``, defaults to the class name) and which constructor parameter, if any,
  holds the element's text (``_text``);
* its attributes as typed keyword parameters of ``__init__``, which hands ``locals()`` to
  :meth:`TwiML._init`. A ``Literal[...] | str`` type lists the values Twilio documents, for
  completion only: Twilio adds values without notice, so any value is rendered, as the
  official library does;
* the elements it may contain, as ``name: Final = child(lambda: ChildClass)`` builder
  attributes (``Final`` declares the builder's inferred type for type checkers). The same
  table drives :meth:`TwiML.nest`, which refuses anything else (except :class:`GenericNode`).
"""

from __future__ import annotations

import functools
import re
import typing
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from typing import (
    Any,
    ClassVar,
    Final,
    Generic,
    Literal,
    ParamSpec,
    Self,
    TypeAlias,
    TypeVar,
    overload,
)

from twilio_sdk._errors import TwilioException

__all__ = [
    "GenericNode",
    "HttpMethod",
    "TwiML",
    "TwiMLError",
    "TwiMLException",
    "child",
    "format_language",
    "lower_camel",
]

_PACKAGE = __name__.rpartition(".")[0]  # "twilio_sdk.twiml"

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'

HttpMethod: TypeAlias = Literal["GET", "POST"] | str

P = ParamSpec("P")
E = TypeVar("E", bound="TwiML")

# Python parameter names that are not spelled like their TwiML attribute.
_SPECIAL_NAMES = {"xml_lang": "xml:lang", "interpret_as": "interpret-as"}
# List-valued attributes are joined with a space unless Twilio documents another separator.
_LIST_SEPARATORS = {"hints": ", ", "passports": ","}
# Characters that cannot appear in an XML 1.0 document at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class TwiMLError(TwilioException, ValueError):
    """Raised when a TwiML document is built with invalid nesting or attribute values."""


#: Name used by the official ``twilio`` library.
TwiMLException = TwiMLError


@overload
def lower_camel(name: str) -> str: ...
@overload
def lower_camel(name: None) -> None: ...
def lower_camel(name: str | None) -> str | None:
    """Convert a snake_case parameter name to lowerCamelCase (``finish_on_key`` → ``finishOnKey``).

    Names without an underscore are returned unchanged, so camelCase names pass through;
    ``None`` and ``""`` come back as they are, as in the official library.
    """
    if not name or "_" not in name:
        return name
    camel = "".join(part.title() for part in name.split("_"))
    return camel[:1].lower() + camel[1:]


def format_language(language: str | None) -> str | None:
    """Normalise a ``ww_WW`` / ``ww-ww`` language code to ``ww-WW``."""
    if not language:
        return language
    if not re.fullmatch(r"[a-zA-Z]{2}[_-][a-zA-Z]{2}", language):
        raise TwiMLError(f"Invalid value for language parameter: {language!r}")
    return f"{language[:2].lower()}-{language[3:].upper()}"


def _xml_safe(text: str) -> str:
    bad = _NOT_XML.search(text)
    if bad:
        raise TwiMLError(f"Character {bad.group()!r} cannot be represented in XML: {text!r}")
    return text


def attr_name(name: str) -> str:
    """The TwiML attribute name for a Python parameter name (``from_`` → ``from``)."""
    return _SPECIAL_NAMES.get(name) or lower_camel(name)


def attr_value(name: str, value: object) -> str:
    """The TwiML attribute value: booleans as ``true``/``false``, lists joined."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return _LIST_SEPARATORS.get(name, " ").join(attr_value(name, item) for item in value)
    return _xml_safe(str(value))


# What ElementTree escapes in character data, and in attribute values (line ends and tabs too).
_TEXT_ESCAPES: Final = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ATTRIBUTE_ESCAPES: Final = (
    *_TEXT_ESCAPES,
    ('"', "&quot;"),
    ("\r", "&#13;"),
    ("\n", "&#10;"),
    ("\t", "&#09;"),
)


def _escaped(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for char, entity in escapes:
        if char in text:
            text = text.replace(char, entity)
    return text


def _text_value(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, Mapping):  # e.g. a <Task> body given as a dict
        import json  # only needed here; keeps ``import twilio_sdk.twiml`` light

        return _xml_safe(json.dumps(value))
    return _xml_safe(str(value))


# Per-class table, computed on first use (builders name classes defined later).
_children_cache: dict[type[TwiML], tuple[type[TwiML], ...]] = {}


def _allowed_children(cls: type[TwiML]) -> tuple[type[TwiML], ...]:
    """The element classes ``cls`` has builders for, i.e. may contain."""
    if cls not in _children_cache:
        found: list[type[TwiML]] = []
        for klass in cls.__mro__:
            for attr in vars(klass).values():
                if isinstance(attr, _Child) and attr.element_type not in found:
                    found.append(attr.element_type)
        _children_cache[cls] = tuple(found)
    return _children_cache[cls]


class TwiML:
    """Base class of every TwiML element; also usable directly as a generic element."""

    _tag: ClassVar[str] = "TwiML"
    _text: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The tag defaults to the class name; a user's subclass of an element keeps its tag.
        if "_tag" not in cls.__dict__ and (
            cls.__module__.startswith(_PACKAGE) or cls._tag == TwiML._tag
        ):
            cls._tag = cls.__name__

    def __init__(self, **kwargs: Any) -> None:
        self.name: str = self._tag
        self.value: str | None = None
        self.verbs: list[TwiML | str] = []
        self.attrs: dict[str, str] = {}
        for key, value in kwargs.items():
            if value is not None:
                self.attrs[attr_name(key)] = attr_value(key, value)

    def _init(self, params: dict[str, Any]) -> None:
        """Initialise from a subclass constructor's ``locals()``.

        Named parameters become attributes, except the one named by ``_text``, which becomes
        the element text; ``**kwargs`` are attributes newer than this SDK. Values are never
        checked against the documented ones (see the module docstring).
        """
        named = {k: v for k, v in params.items() if k not in ("self", "kwargs", "__class__")}
        text = named.pop(self._text) if self._text is not None else None
        # Named parameters last: they win over a **kwargs spelling of the same attribute.
        TwiML.__init__(self, **params.get("kwargs", {}), **named)
        self.value = _text_value(text)

    def __str__(self) -> str:
        return self.to_xml()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_xml(xml_declaration=False)}>"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def to_xml(self, xml_declaration: bool = True) -> str:
        """Render this element as an XML string, by default with the XML declaration."""
        parts: list[str] = []
        if self._render(parts):
            xml = "".join(parts)
        else:  # a namespaced ({uri}name) tag or attribute: ElementTree declares the namespace
            xml = ET.tostring(self.xml(), encoding="unicode")
        return XML_DECLARATION + xml if xml_declaration else xml

    def _render(self, parts: list[str]) -> bool:
        """Append the XML of this element to ``parts``, as ``ET.tostring(self.xml())`` writes
        it (a reply is rendered per webhook request: building the tree costs more than the
        text); False, with ``parts`` unusable, if a name is namespaced."""
        name = self.name
        if name[:1] == "{":
            return False
        parts.append("<" + name)
        for key, value in sorted(self.attrs.items()):
            if key[:1] == "{":
                return False
            parts.append(f' {key}="{_escaped(value, _ATTRIBUTE_ESCAPES)}"')
        text = self.value
        if not text and all(isinstance(verb, str) and not verb for verb in self.verbs):
            parts.append(" />")  # ElementTree's short form: no text and no child
            return True
        parts.append(">")
        if text:
            parts.append(_escaped(text, _TEXT_ESCAPES))
        for verb in self.verbs:
            if isinstance(verb, str):
                parts.append(_escaped(verb, _TEXT_ESCAPES))
            elif not verb._render(parts):
                return False
        parts.append(f"</{name}>")
        return True

    def xml(self) -> ET.Element:
        """Build an :class:`xml.etree.ElementTree.Element` tree for this element."""
        element = ET.Element(self.name, dict(sorted(self.attrs.items())))
        element.text = self.value
        last: ET.Element | None = None
        for verb in self.verbs:
            if isinstance(verb, str):
                if last is None:
                    element.text = (element.text or "") + verb
                else:
                    last.tail = (last.tail or "") + verb
            else:
                last = verb.xml()
                element.append(last)
        return element

    def append(self, verb: TwiML | str) -> Self:
        """Nest ``verb`` (an element or text) inside this element and return this element."""
        self.nest(verb)
        return self

    @overload
    def nest(self, verb: str) -> str: ...
    @overload
    def nest(self, verb: E) -> E: ...
    def nest(self, verb: TwiML | str) -> TwiML | str:
        """Nest ``verb`` (an element or text) inside this element and return ``verb``.

        Raises :class:`TwiMLError` if TwiML does not allow ``verb`` here.
        """
        if isinstance(verb, str):
            self.verbs.append(_xml_safe(verb))
            return verb
        if not isinstance(verb, TwiML):
            raise TwiMLError(
                f"Only TwiML elements and strings can be nested, not {type(verb).__name__}"
            )
        if not self._accepts(verb):
            allowed = ", ".join(c.__name__ for c in _allowed_children(type(self))) or "nothing"
            raise TwiMLError(
                f"{type(verb).__name__} (<{verb.name}>) cannot be nested in <{self.name}>; "
                f"allowed here: {allowed} (use add_child() for elements unknown to this SDK)"
            )
        self.verbs.append(verb)
        return verb

    def _accepts(self, verb: TwiML) -> bool:
        return isinstance(verb, GenericNode) or isinstance(verb, _allowed_children(type(self)))

    def add_child(self, name: str, value: str | None = None, **kwargs: Any) -> GenericNode:
        """Nest and return an arbitrary element ``<name>`` (for TwiML newer than this SDK)."""
        return self.nest(GenericNode(name, value, **kwargs))


class GenericNode(TwiML):
    """An element with any tag, attributes and children, created by :meth:`TwiML.add_child`."""

    def __init__(self, name: str, value: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.name: str = name
        self.value: str | None = _text_value(value)

    def _accepts(self, verb: TwiML) -> bool:
        return True


class _Child(Generic[P, E]):
    """Descriptor turning an element class into a builder method of its parent element.

    ``say: Final = child(lambda: Say)`` in a class body gives ``parent.say(...)`` with the
    parameters of ``Say.__init__``; it creates the ``Say``, nests it, and returns it.
    The lambda lets a class name elements defined later (or itself).
    """

    def __init__(self, factory: Callable[[], Callable[P, E]]) -> None:
        self._factory = factory
        self._name = ""

    def __set_name__(self, owner: type[TwiML], name: str) -> None:
        self._name = name

    def __repr__(self) -> str:  # shown by help() for the builder attribute
        return f"<builder: nests and returns a new {self.element_type.__name__}>"

    @property
    def element_type(self) -> type[E]:
        """The element class this builder creates."""
        return typing.cast(type[E], self._factory())

    @overload
    def __get__(self, parent: None, owner: type[TwiML]) -> Self: ...
    @overload
    def __get__(self, parent: TwiML, owner: type[TwiML]) -> Callable[P, E]: ...
    def __get__(self, parent: TwiML | None, owner: type[TwiML]) -> Self | Callable[P, E]:
        if parent is None:
            return self
        element = self._factory()

        def build(*args: P.args, **kwargs: P.kwargs) -> E:
            return parent.nest(element(*args, **kwargs))

        functools.update_wrapper(build, element, assigned=("__doc__",), updated=())
        build.__name__ = self._name
        build.__qualname__ = f"{owner.__name__}.{self._name}"
        return build


def child(factory: Callable[[], Callable[P, E]]) -> _Child[P, E]:
    """Declare a builder method for a child element class (see :class:`_Child`)."""
    return _Child(factory)


class Redirect(TwiML):
    """<Redirect>: continue with the TwiML at another URL."""

    _text = "url"

    def __init__(self, url: str, method: HttpMethod | None = None, **kwargs: Any) -> None:
        self._init(locals())
