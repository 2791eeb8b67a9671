"""Limits on the user's own templates: output size, work, nesting, values' size.

Jinja2's sandbox stops attribute escapes, not resource use: ``{{ 'x' * 300000000 }}``
allocates 300 MB, two nested ``range(100000)`` loops run for hours and a macro that calls
itself ends in a 2,600-line ``RecursionError``. A draft is a few hundred words, so every
render here runs within fixed limits and one that goes over stops with
:class:`TemplateLimit`, whose message says which limit in a person's words.

* **Output**: at most ``MAX_OUTPUT`` characters are rendered (counted as they stream).
* **Values**: no string, list or number may grow past ``MAX_VALUE`` characters or items.
  Operators and filters that multiply sizes (``*``, ``**``, ``+``, ``%``, ``center``,
  ``indent``, ``join``, ``str.format`` widths, ...) are refused *before* they allocate:
  the size they could reach is estimated from their operands.
* **Work**: every loop turn, call, intercepted operator and filter counts as a step; a
  render may take ``MAX_STEPS`` (about a tenth of a second), with a wall-clock backstop.
  ``range`` is capped at ``MAX_RANGE`` numbers.
* **Nesting**: calls (macros, ``caller()``, recursive loops) nest at most ``MAX_DEPTH``
  deep.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace

MAX_OUTPUT = 64 * 1024  # characters in one rendered draft
MAX_VALUE = 1_000_000  # characters or items in any one value a template makes
MAX_STEPS = 200_000  # loop turns, calls, operators and filters in one render
MAX_DEPTH = 50  # nested calls
MAX_RANGE = 10_000
MAX_SECONDS = 5.0  # a backstop: the step count stops loops long before this
_MAX_BITS = 64_000  # about 19,000 decimal digits

# A printf width or precision of five digits or more, or one taken from the arguments.
_WIDE_PRINTF = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\d{5,}|\*|\d*\.(?:\d{5,}|\*))")
_WIDE_FORMAT = re.compile(r"\{[^{}]*:[^{}]*?(?:\d{5,}|\{)")
_ITERATE = "_giga_iterate"


class TemplateLimit(Exception):
    """A template went over one of the limits; the message names the limit."""


@dataclass(slots=True)
class _Budget:
    deadline: float
    steps: int = 0
    depth: int = 0
    written: list[str] = field(default_factory=list)


_budget: ContextVar[_Budget | None] = ContextVar("giga_template_budget", default=None)


def render_limited(template: Any, values: dict[str, object]) -> tuple[str, dict[str, Any]]:
    """Render ``template`` within the limits: its text and its exported names."""
    budget = _Budget(deadline=time.monotonic() + MAX_SECONDS)
    token = _budget.set(budget)
    try:
        context = template.new_context(values)
        size = 0
        for chunk in template.root_render_func(context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateLimit(f"it wrote more than {MAX_OUTPUT // 1024} KB (the limit for one draft)")
            budget.written.append(chunk)
            _tick()
        return "".join(budget.written), context.get_exported()
    finally:
        _budget.reset(token)


def _tick() -> _Budget:
    budget = _budget.get()
    if budget is None:  # Jinja's optimizer folding a constant: let it run at render time
        raise TemplateLimit("not evaluated outside a render")
    budget.steps += 1
    if budget.steps > MAX_STEPS:
        raise TemplateLimit(f"it took more than {MAX_STEPS:,} steps (a loop too long, or nested too deep)")
    if budget.steps % 1024 == 0 and time.monotonic() > budget.deadline:
        raise TemplateLimit(f"it ran for more than {MAX_SECONDS:g} seconds")
    return budget


def _size(value: object) -> int:
    """Characters or items in ``value`` (items' own characters counted for short lists)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3
    if isinstance(value, (list, tuple, set, frozenset, dict, range)):
        n = len(value)
        if n <= 10_000 and isinstance(value, (list, tuple)):
            n += sum(len(v) for v in value if isinstance(v, str))
        return n
    return 1


def _too_big(reach: int, what: str = "a value") -> None:
    if reach > MAX_VALUE:
        raise TemplateLimit(f"{what} would grow past {MAX_VALUE:,} characters")


def _magnitude(value: object) -> int:
    """How much an argument can multiply a size by (a width, a count, a separator)."""
    if isinstance(value, bool):
        return 1
    if isinstance(value, int):
        return abs(value)
    return max(1, _size(value))


def _check_call(subject: object, args: Iterable[object]) -> None:
    """Refuse a call whose result could outgrow MAX_VALUE: its size times its widest argument."""
    sizes = [_size(subject)] + [_size(a) for a in args]
    for s in sizes:
        _too_big(s)
    _too_big(max(1, _size(subject)) * max([1, *(_magnitude(a) for a in args)]))


def _check_format(text: object) -> None:
    if isinstance(text, str) and (_WIDE_PRINTF.search(text) or _WIDE_FORMAT.search(text)):
        raise TemplateLimit("a format width or precision of 10,000 or more")


def _binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operator whose result could be huge, before it is computed."""
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "*":
        if ints:
            if left.bit_length() + right.bit_length() > _MAX_BITS:
                raise TemplateLimit("a number with more than 19,000 digits")
        elif isinstance(left, int) or isinstance(right, int):
            _too_big(_size(left) * _magnitude(right) if isinstance(right, int) else _magnitude(left) * _size(right))
    elif operator == "**":
        if ints and abs(left) > 1 and right > 0 and right * left.bit_length() > _MAX_BITS:
            raise TemplateLimit("a number with more than 19,000 digits")
    elif operator == "+":
        _too_big(_size(left) + _size(right))
    elif operator == "%" and isinstance(left, str):
        _check_format(left)
        _check_call(left, right if isinstance(right, tuple) else (right,))


def _guard_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that counts as a step and refuses to grow a value past the limit."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # context/eval ctx first

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        args = list(args)
        if len(args) > skip and isinstance(args[skip], Iterator):
            args[skip] = _materialize(args[skip])
        if len(args) > skip:
            _check_call(args[skip], [*args[skip + 1:], *kwargs.values()])
            if func.__name__ == "do_format":
                _check_format(args[skip])
        result = func(*args, **kwargs)
        _too_big(_size(result))
        return result

    return guarded


def _materialize(items: Iterator[Any]) -> list[Any]:
    out = []
    for item in items:
        _tick()
        out.append(item)
    return out


def _iterate(items: Iterable[Any]) -> Iterator[Any]:
    """What every ``{% for %}`` loops over: each turn is a step."""
    for item in items:
        _tick()
        yield item


def _range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimit(f"a range of more than {MAX_RANGE:,} numbers")
    return numbers


class _LimitedNamespace(Namespace):
    """``namespace()`` whose attributes cannot be grown past the limit step by step."""

    def __setitem__(self, key: str, value: Any) -> None:
        _too_big(_size(value))
        super().__setitem__(key, value)


class LimitedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox with the limits above; render with :func:`render_limited`."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = _range
        self.globals["namespace"] = _LimitedNamespace
        self.globals.pop("lipsum", None)  # makes any amount of text; no use in a draft
        self.filters = {name: _guard_filter(f) for name, f in self.filters.items()}
        self.filters[_ITERATE] = _iterate

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse, then make every ``{% for %}`` loop go through a step count."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _ITERATE, [], [], None, None, lineno=loop.lineno)
        return tree

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        _binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        budget = _tick()
        _check_call(getattr(obj, "__self__", None), [*args, *kwargs.values()])
        if budget.depth >= MAX_DEPTH:
            raise TemplateLimit(f"calls nested more than {MAX_DEPTH} deep (a macro calling itself?)")
        budget.depth += 1
        try:
            result = super().call(context, obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        _too_big(_size(result))
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)
