"""Writing the steps of `flowedit.export.code` as Python (twilio-python) or Node (twilio-node) source.

Attribute naming per library:

- Python takes attributes as keyword arguments and turns snake_case into lowerCamelCase, with a fixed map
  (`from_`→`from`, `for_`→`for`, `break_`→`break`, `xml_lang`→`xml:lang`, `interpret_as`→`interpret-as`); a
  name without an underscore passes unchanged. So `callerId` is written `caller_id=`; a name that is no
  identifier (`data-x`) is passed as `**{'data-x': ...}`; a name the conversion would change (one holding an
  underscore, or clashing with the call's own text parameter) is set on the object's `attrs` afterwards.
  List values (`statusCallbackEvent`) stay the space-separated string of the document: Python does not join.
- Node takes an attributes object with the names exactly as written.

Values are string literals (`repr` in Python, JSON in Node), so no value can break out of its literal.
"""

from __future__ import annotations

import json
import keyword
import re

_MAP = {"from_": "from", "xml_lang": "xml:lang", "interpret_as": "interpret-as", "for_": "for", "break_": "break"}
_UNMAP = {v: k for k, v in _MAP.items()}
_JS_RESERVED = frozenset(
    "break case catch class const continue debugger default delete do else enum export extends false finally "
    "for function if import in instanceof new null return super switch this throw true try typeof var void "
    "while with yield let static await implements package protected interface private public undefined "
    "arguments eval require console module exports process VoiceResponse response".split())
_JS_KEY = re.compile(r"[A-Za-z_$][\w$]*")
_WIDTH = 100


def _lower_camel(name: str) -> str:
    """twilio-python's `lower_camel`: what a keyword argument becomes."""
    if not name or "_" not in name:
        return name
    result = "".join(part.title() for part in name.split("_"))
    return result[0].lower() + result[1:]


def python_attribute(name: str, reserved: frozenset[str] = frozenset()) -> tuple[str, str]:
    """How Python passes attribute `name`: ("kw", argument), ("dict", name) or ("attrs", name)."""
    snake = _UNMAP.get(name) or re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    usable = snake.isidentifier() and not keyword.iskeyword(snake) and snake not in reserved and snake != "self"
    if usable and _lower_camel(_MAP.get(snake, snake)) == name:
        return "kw", snake
    if "_" not in name and name not in reserved and name != "self":
        plain = name.isidentifier() and not keyword.iskeyword(name)
        return ("kw", name) if plain else ("dict", name)
    return "attrs", name


class _Names:
    """Unique variable names in one language's style."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.used: set[str] = {"response"}

    def new(self, words: list[str]) -> str:
        if self.lang == "python":
            base = "_".join(words)
            if keyword.iskeyword(base) or base in ("print", "VoiceResponse"):
                base += "_"
        else:
            base = words[0] + "".join(w.title() for w in words[1:])
            if base in _JS_RESERVED:
                base += "_"
        if base[0].isdigit():
            base = "el_" + base
        name, n = base, 1
        while name in self.used:
            n += 1
            name = f"{base}_{n}" if self.lang == "python" else f"{base}{n}"
        self.used.add(name)
        return name


def _call(head: str, args: list[str], tail: str) -> str:
    line = f"{head}({', '.join(args)}){tail}"
    if len(line) <= _WIDTH or not args or "\n" in line:
        return line
    inner = "".join(f"    {arg},\n" for arg in args)
    return f"{head}(\n{inner}){tail}"


def _line(text: str) -> str:
    """`text` on one line: str.split() also splits at the line terminators JavaScript knows (U+2028/9)."""
    return " ".join(text.split())


def _note(text: str, prefix: str) -> str:
    return f"{prefix} Note: {_line(text)}"


def program(steps) -> str:
    """The source text of the program for `steps` (a `flowedit.export.code.Steps`)."""
    return (_python if steps.lang == "python" else _node)(steps)


def _python(steps) -> str:
    names = _Names("python")
    var: dict[int, str] = {}
    what = "the selected elements of" if steps.snippet else "the TwiML of"
    lines = [f"# Prints {what} {_line(steps.path)}, built with the Twilio helper library (pip install twilio).",
             "from twilio.twiml.voice_response import VoiceResponse", ""]
    root_args, root_after = _python_attributes(steps.root_attributes, frozenset(), "response")
    lines.append(_call("response = VoiceResponse", root_args, ""))
    lines.extend(root_after)

    def of(element) -> str:
        return "response" if element is None else var[id(element)]

    for item in steps.items:
        if item[0] == "element":
            item = item[1]
            m = item.method
            reserved = frozenset({m.text}) if m and m.text else frozenset({"name", "value"} if not m else ())
            name = names.new(item.words) if item.referenced or _needs_attrs(item, reserved) else None
            if name:
                var[id(item)] = name
            args: list[str] = []
            if m is None:
                head = f"{of(item.parent)}.add_child"
                args.append(repr(item.tag))
                if item.text is not None:
                    args.append(repr(item.text))
            else:
                head = f"{of(item.parent)}.{m.python}"
                if item.text is not None or m.text_required:
                    args.append(repr(item.text or ""))
            more, after = _python_attributes(item.attributes, reserved, name or "")
            lines.append(_call(f"{name} = {head}" if name else head, args + more, ""))
            lines.extend(after)
        elif item[0] == "text":
            lines.append(f"{of(item[1])}.append({item[2]!r})")
        else:
            lines.append(_note(item[1], "#"))
    lines += ["", "print(response)", ""]
    return "\n".join(lines)


def _needs_attrs(item, reserved: frozenset[str]) -> bool:
    return any(python_attribute(k, reserved)[0] == "attrs" for k, _ in item.attributes)


def _python_attributes(attributes, reserved: frozenset[str], name: str) -> tuple[list[str], list[str]]:
    args, unpacked, after = [], [], []
    for key, value in attributes:
        how, arg = python_attribute(key, reserved)
        if how == "kw":
            args.append(f"{arg}={value!r}")
        elif how == "dict":
            unpacked.append(f"{key!r}: {value!r}")
        else:  # the library would rename it: set the attribute on the object as written
            after.append(f"{name}.attrs[{key!r}] = {value!r}")
    if unpacked:
        args.append("**{" + ", ".join(unpacked) + "}")
    return args, after


def _js(value: str) -> str:
    # U+2028/9 are legal in string literals only since ES2019: escape them for older engines and editors.
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _node(steps) -> str:
    names = _Names("node")
    var: dict[int, str] = {}
    what = "the selected elements of" if steps.snippet else "the TwiML of"
    lines = [f"// Prints {what} {_line(steps.path)}, built with the Twilio helper library (npm install twilio).",
             "const VoiceResponse = require('twilio').twiml.VoiceResponse;", "",
             "const response = new VoiceResponse();"]

    def of(element) -> str:
        return "response" if element is None else var[id(element)]

    for item in steps.items:
        if item[0] == "element":
            item = item[1]
            m = item.method
            generic_text = m is None and item.text is not None
            name = names.new(item.words) if item.referenced else None
            if name:
                var[id(item)] = name
            attrs = _node_object(item.attributes)
            if len(attrs) > _WIDTH - 40:
                attrs = _node_object(item.attributes, multiline=True)
            if m is None:
                head, args = f"{of(item.parent)}.addChild", [_js(item.tag)] + ([attrs] if attrs else [])
            else:
                head = f"{of(item.parent)}.{m.node}"
                args = [attrs] if attrs else []
                if item.text is not None:
                    args = [attrs or "{}", _js(item.text)] if attrs else [_js(item.text)]
            if name:
                lines.append(_call(f"const {name} = {head}", args, ";"))
                if generic_text:
                    lines.append(f"{name}.addText({_js(item.text)});")
            else:
                tail = f".addText({_js(item.text)});" if generic_text else ";"
                lines.append(_call(head, args, tail))
        elif item[0] == "text":
            lines.append(f"{of(item[1])}.addText({_js(item[2])});")
        else:
            lines.append(_note(item[1], "//"))
    lines += ["", "console.log(response.toString());", ""]
    return "\n".join(lines)


def _node_object(attributes, *, multiline: bool = False) -> str:
    if not attributes:
        return ""
    parts = [f"{k if _JS_KEY.fullmatch(k) else _js(k)}: {_js(v)}" for k, v in attributes]
    if multiline:
        return "{\n" + "".join(f"    {part},\n" for part in parts) + "}"
    return "{ " + ", ".join(parts) + " }"
