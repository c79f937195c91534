"""The course's translations: one gettext catalog, extracted with Babel from the library and the notebooks.

Every text the library or a notebook shows a learner goes through ``tr("English {field}", field=...)``
(printed text, checks, the explorer; ``say(...)`` prints it) or ``label(...)`` (figure text), all in
``seq2seq_lib.i18n``; a table's words are marked with ``N_`` and shown through ``tr_table``.
The English is the message id; its Chinese lives in one catalog,
``seq2seq_lib/locale/zh_CN/LC_MESSAGES/seq2seq_lib.po``, which the library reads at run time
with Babel. Translators edit that file (Poedit, Lokalize, a text editor); this script keeps it
in step with the sources:

    python scripts/i18n.py extract [--output X.pot]   # the template: every message of the sources
    python scripts/i18n.py update [--drop-obsolete]   # merge the template into the catalog
    python scripts/i18n.py check                      # what tests/test_i18n.py runs

Where messages are found (``extract``): the library's modules (``seq2seq_lib/**.py``) and the code
cells of the English notebooks (the Chinese edition's code cells are the same). A message is a
string literal given to a *message function*: ``tr``, ``say``, ``label``, ``N_`` (marks a text that is
translated later), the exercise engine's ``fail``, ``Diagnosis(applies, message)`` and
``Exercise(otherwise=..., success=..., returns_hint=...)`` (and that class's defaults). Where the
message is a variable, its value is followed to the literals it can hold when they are written in
the same module or notebook: a constant, a loop over a tuple, list or dict of literals
(``for name, marker in zip(NAMES, "os")``), a comprehension over one. A parameter or an attribute
(``fail(template)``, ``tr(self.success)``) passes on a message that is extracted where it is
written. Each catalog entry says where it is used: the file, and for a notebook the cell's id.

``check`` fails when:

- a message has no translation, or a fuzzy one (``update`` marks a translation fuzzy when its
  English changed a little: review it, then remove the flag);
- a translation's ``{fields}`` (names, conversions and format specs) differ from its English;
- a catalog entry is obsolete: no longer in any source (``update --drop-obsolete`` removes them);
- the catalog's notes on where a message is used are out of date (run ``update``);
- a message function is given a text computed at the call: an f-string, ``%``, ``+``,
  ``.format(...)``, a call's result, an item of a container, or a variable whose value cannot be
  followed. Such a text can never be in the catalog: write a literal template with fields,
  ``tr("{count} dates", count=n)``, or mark the texts where they are written with ``N_(...)``;
- a notebook draws English words in a figure without ``label`` (a title, axis label or legend
  entry given as a literal, or as a variable holding literals). A date the course's tasks read
  (``Tuesday, March 5, 2024``) is data, not words: a figure shows it as it is written.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import re
import string
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = "seq2seq_lib"
DOMAIN = "seq2seq_lib"
PROJECT = "seq2seq-lib"
LOCALE = "zh_CN"
CATALOG = Path(LIBRARY) / "locale" / LOCALE / "LC_MESSAGES" / f"{DOMAIN}.po"
TEMPLATE = Path(LIBRARY) / "locale" / f"{DOMAIN}.pot"

# Message functions: the positional index of the message, and its keyword names.
MESSAGE_CALLS: dict[str, tuple[int | None, tuple[str, ...]]] = {
    "tr": (0, ("text",)),
    "say": (0, ("text",)),
    "label": (0, ("text",)),
    "N_": (0, ("text",)),
    "fail": (0, ("template",)),
    "Diagnosis": (1, ("message",)),
    "Exercise": (None, ("otherwise", "success", "returns_hint")),
}
# The modules that define the message functions, and the last part of the names they are imported from.
DEFINING = (f"{LIBRARY}/i18n/__init__.py", f"{LIBRARY}/exercises/engine.py")
MESSAGE_MODULES = {"i18n", "engine", "exercises"}
# Classes whose annotated defaults are messages (the Exercise dataclass's own default texts).
MESSAGE_DEFAULTS = {"Exercise": ("otherwise", "success", "returns_hint")}
# Keyword arguments and methods whose text a figure shows.
FIGURE_KEYWORDS = {"label", "title", "xlabel", "ylabel"}
FIGURE_METHODS = {"set_title": 0, "set_xlabel": 0, "set_ylabel": 0, "suptitle": 0, "annotate": 0, "text": 2}
FIGURE_PROBLEM = "figure text {} is drawn without label(): the zh edition shows it in English"
WORD = re.compile(r"[A-Za-z]{2,}")
HEADER_COMMENT = (
    "# Chinese (Simplified) translations of the Seq2Seq course's library and notebooks.\n"
    "# Kept by scripts/i18n.py (extract, update, check); terms: notebooks/zh/prose/GLOSSARY.md.\n"
    "#"
)


# -- following a value to the literals it can hold ---------------------------------------------------
@dataclass
class Value:
    """What an expression can evaluate to, as far as the source says."""

    literals: list[ast.Constant] = field(default_factory=list)  # string literals it can be
    translated: bool = False  # it can be the result of tr()/label()
    passed_on: bool = False  # a parameter or an attribute: a message written elsewhere
    computed: list[str] = field(default_factory=list)  # why some of its values cannot be known

    def __iadd__(self, other: Value) -> Value:
        self.literals += other.literals
        self.translated |= other.translated
        self.passed_on |= other.passed_on
        self.computed += other.computed
        return self


class Source:
    """One module (or one notebook, all its code cells as one module) and the bindings of its names."""

    def __init__(self, tree: ast.Module, calls: dict[str, str]):
        self.tree = tree
        self.calls = dict(calls)  # the local name of a message function -> the name it is known by
        self.specs = {local: MESSAGE_CALLS[known] for local, known in calls.items()}
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        self._derive()

    def message_function(self, call: ast.Call) -> str | None:
        func = call.func
        name = func.id if isinstance(func, ast.Name) else None
        return self.calls.get(name) if name else None

    def message_arguments(self, call: ast.Call) -> list[ast.AST]:
        position, keywords = self.specs[call.func.id]
        found = [k.value for k in call.keywords if k.arg in keywords]
        if position is not None and len(call.args) > position:
            found.append(call.args[position])
        return found

    def _derive(self) -> None:
        """Message functions of this module's own: a subclass of one (``class _LayerExercise(Exercise)``),
        and a function that passes one of its parameters on as a message (``def _diagnosis(test, message):
        return Diagnosis(..., message)``): its calls are then read like the message function's."""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    if isinstance(base, ast.Name) and base.id in self.calls:
                        self.calls[node.name], self.specs[node.name] = self.calls[base.id], self.specs[base.id]
        changed = True
        while changed:
            changed = False
            for call in [n for n in ast.walk(self.tree) if isinstance(n, ast.Call) and self.message_function(n)]:
                for argument in self.message_arguments(call):
                    changed |= self._derive_from(argument)

    def _derive_from(self, argument: ast.AST) -> bool:
        if not isinstance(argument, ast.Name):
            return False
        for scope in self.scopes(argument):
            found = self.bindings(scope, argument.id)
            if found is None and isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if scope.name in self.calls:
                    return False
                names = [a.arg for a in [*scope.args.posonlyargs, *scope.args.args]]
                position = names.index(argument.id) if argument.id in names else None
                self.calls[scope.name] = f"{scope.name} (passes a message on)"
                self.specs[scope.name] = (position, (argument.id,))
                return True
            if found is not None and not found:
                continue
            return False
        return False

    # -- scopes --------------------------------------------------------------------------------------
    def scopes(self, node: ast.AST) -> Iterator[ast.AST]:
        """The scopes that can bind a name used at ``node``, innermost first."""
        current = self.parents.get(node)
        while current is not None:
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)):
                yield current
            elif isinstance(current, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                yield current
            current = self.parents.get(current)

    def binding(self, scope: ast.AST, use: ast.Name) -> list[tuple[str, ast.AST, ast.AST]] | None:
        """The bindings of ``use`` in ``scope`` that can reach it: the loop it is in, if one binds it; else
        those before it in the statement of ``scope`` that binds it last before it (a notebook runs top to
        bottom, and reuses names: ``text`` of an earlier cell is not this one; both branches of an ``if``
        are); else all of them."""
        found = self.bindings(scope, use.id)
        if not found or isinstance(scope, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            return found
        loops = [b for b in found if b[0] == "for" and self._inside(use, self.parents.get(b[1]))]
        if loops:
            return loops[-1:]
        before = [b for b in found if b[1].lineno <= use.lineno]
        if before:
            last = self._statement(scope, max(before, key=lambda b: b[1].lineno)[1])
            return [b for b in before if self._statement(scope, b[1]) is last]
        return found

    def _statement(self, scope: ast.AST, node: ast.AST) -> ast.AST:
        """The statement of ``scope``'s own body that holds ``node``."""
        while self.parents.get(node) is not None and self.parents[node] is not scope:
            node = self.parents[node]
        return node

    def _inside(self, node: ast.AST, ancestor: ast.AST | None) -> bool:
        while node is not None:
            if node is ancestor:
                return True
            node = self.parents.get(node)
        return False

    def bindings(self, scope: ast.AST, name: str) -> list[tuple[str, ast.AST, ast.AST]] | None:
        """(kind, target, value or iterable) of each binding of ``name`` in ``scope``; None if it is a parameter."""
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = scope.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
            if any(a is not None and a.arg == name for a in every):
                return None
        if isinstance(scope, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            return [("for", g.target, g.iter) for g in scope.generators if _binds(g.target, name)]
        found = []
        for node in _own_nodes(scope):
            if isinstance(node, ast.Assign):
                found += [("=", t, node.value) for t in node.targets if _binds(t, name)]
            elif isinstance(node, ast.AnnAssign) and node.value is not None and _binds(node.target, name):
                found.append(("=", node.target, node.value))
            elif isinstance(node, (ast.For, ast.AsyncFor)) and _binds(node.target, name):
                found.append(("for", node.target, node.iter))
            elif isinstance(node, (ast.AugAssign, ast.NamedExpr, ast.withitem, ast.alias)) and _binds_other(node, name):
                found.append(("?", node, node))
        return found

    # -- values --------------------------------------------------------------------------------------
    def value(self, node: ast.AST, depth: int = 0) -> Value:
        """What ``node`` can evaluate to."""
        if depth > 12:
            return Value(computed=["a value followed too far"])
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return Value(literals=[node])
        if isinstance(node, ast.IfExp):
            result = self.value(node.body, depth + 1)
            result += self.value(node.orelse, depth + 1)
            return result
        if isinstance(node, ast.BoolOp):
            result = Value()
            for operand in node.values:
                result += self.value(operand, depth + 1)
            return result
        if isinstance(node, ast.Name):
            return self.name_value(node, depth)
        if isinstance(node, ast.Attribute):
            return Value(passed_on=True)
        if isinstance(node, ast.Call) and self.message_function(node) in ("tr", "label"):
            return Value(translated=True)
        return Value(computed=[describe(node)])

    def name_value(self, node: ast.Name, depth: int) -> Value:
        for scope in self.scopes(node):
            found = self.binding(scope, node)
            if found is None:  # a parameter: its default, and whatever its callers pass
                default = _default(scope, node.id)
                result = Value(passed_on=True)
                if default is not None:
                    result += self.value(default, depth + 1)
                return result
            if found:
                result = Value()
                for kind, target, source in found:
                    result += self.bound_value(kind, target, source, node.id, depth + 1)
                return result
        return Value(computed=[f"`{node.id}`, which is not bound in this module or notebook"])

    def bound_value(self, kind: str, target: ast.AST, source: ast.AST, name: str, depth: int) -> Value:
        if kind == "=":
            if isinstance(target, ast.Name):
                return self.value(source, depth)
            return self.unpacked(target, self.items(source, depth, unpack=False), name, depth)
        if kind == "for":
            return self.unpacked(target, self.items(source, depth), name, depth)
        return Value(computed=[f"`{name}`, bound by {type(target).__name__}"])

    def unpacked(self, target: ast.AST, items: list[ast.AST] | None, name: str, depth: int) -> Value:
        """The value ``name`` takes when ``target`` is bound, in turn, to each of ``items``."""
        if isinstance(target, ast.Starred) or any(isinstance(t, ast.Starred) for t in getattr(target, "elts", ())):
            return Value(computed=[f"`{name}`, bound by a starred assignment"])
        if items is None:
            return Value(computed=[f"`{name}`, bound from a value that cannot be followed"])
        result = Value()
        for item in items:
            if isinstance(target, ast.Name):
                result += self.value(item, depth)
            else:
                result += self.unpacked_item(target, item, name, depth)
        return result

    def unpacked_item(self, target: ast.Tuple | ast.List, item: ast.AST, name: str, depth: int) -> Value:
        """The value ``name`` takes when the tuple ``target`` is bound to ``item``."""
        if isinstance(item, (ast.Tuple, ast.List)) and len(item.elts) == len(target.elts):
            columns = [[element] for element in item.elts]
        else:
            columns = self.zipped(item, len(target.elts), depth)
            if columns is None:
                return Value(computed=[f"`{name}`, unpacked from a value that cannot be followed"])
        result = Value()
        for part, elements in zip(target.elts, columns, strict=True):
            if _binds(part, name):
                result += self.unpacked(part, elements, name, depth)
        return result

    def zipped(self, item: ast.AST, width: int, depth: int) -> list[list[ast.AST]] | None:
        """The column-wise items of a ``zip(a, b)`` or ``enumerate(a)`` pseudo-item."""
        if isinstance(item, _Zip) and len(item.columns) == width:
            return [self.items(column, depth) or [] for column in item.columns]
        return None

    def items(self, node: ast.AST, depth: int, unpack: bool = True) -> list[ast.AST] | None:
        """The elements iterating over ``node`` gives; None when they cannot be known."""
        if depth > 12:
            return None
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return list(node.elts) if unpack else [node]
        if not unpack:
            return None
        if isinstance(node, ast.Dict):
            return [k for k in node.keys if k is not None]
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [ast.Constant(value=c) for c in node.value]
        if isinstance(node, ast.Name):
            return self.name_items(node, depth)
        if isinstance(node, ast.Call):
            return self.call_items(node, depth)
        if isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            (generator,) = node.generators if len(node.generators) == 1 else (None,)
            if generator is not None and isinstance(node.elt, ast.Name) and _binds(generator.target, node.elt.id):
                return self.items(generator.iter, depth + 1)
        return None

    def name_items(self, node: ast.Name, depth: int) -> list[ast.AST] | None:
        for scope in self.scopes(node):
            found = self.binding(scope, node)
            if found is None:
                return None
            if found:
                values = [s for kind, t, s in found if kind == "=" and isinstance(t, ast.Name)]
                if len(values) != len(found):
                    return None
                collected: list[ast.AST] = []
                for value in values:
                    items = self.items(value, depth + 1)
                    if items is None:
                        return None
                    collected += items
                return collected
        return None

    def call_items(self, node: ast.Call, depth: int) -> list[ast.AST] | None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("zip", "enumerate", "sorted", "reversed", "list", "tuple"):
            if func.id == "zip":
                return [_Zip(list(node.args))]
            if func.id == "enumerate" and node.args:
                return [_Zip([ast.Constant(value=None), node.args[0]])]
            return self.items(node.args[0], depth + 1) if node.args else None
        if isinstance(func, ast.Attribute) and func.attr in ("items", "keys", "values") and not node.args:
            mapping = self.mapping(func.value, depth)
            if mapping is None:
                return None
            keys, values = mapping
            if func.attr == "keys":
                return keys
            if func.attr == "values":
                return values
            return [ast.Tuple(elts=[k, v]) for k, v in zip(keys, values, strict=True)]
        return None

    def mapping(self, node: ast.AST, depth: int) -> tuple[list[ast.AST], list[ast.AST]] | None:
        if isinstance(node, ast.Dict) and all(k is not None for k in node.keys):
            return list(node.keys), list(node.values)
        if isinstance(node, ast.Name):
            for scope in self.scopes(node):
                found = self.binding(scope, node)
                if not found:
                    if found is None:
                        return None
                    continue
                if len(found) == 1 and found[0][0] == "=" and isinstance(found[0][1], ast.Name):
                    return self.mapping(found[0][2], depth + 1)
                return None
        return None


class _Zip(ast.AST):
    """The items of ``zip(a, b, ...)``: one column per argument."""

    def __init__(self, columns: list[ast.AST]):
        super().__init__()
        self.columns = columns


def _binds(target: ast.AST, name: str) -> bool:
    """Whether assigning to ``target`` binds ``name`` (``x``, ``(x, y)``, ``*x``; not ``d[x]`` or ``o.x``)."""
    if isinstance(target, ast.Name):
        return target.id == name
    if isinstance(target, (ast.Tuple, ast.List)):
        return any(_binds(t, name) for t in target.elts)
    return isinstance(target, ast.Starred) and _binds(target.value, name)


def _default(function: ast.AST, name: str) -> ast.AST | None:
    """The default value of the parameter ``name`` of ``function``, if it has one."""
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    with_defaults = positional[len(positional) - len(arguments.defaults) :]
    defaults = {a.arg: d for a, d in zip(with_defaults, arguments.defaults, strict=True)}
    defaults |= {a.arg: d for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True) if d is not None}
    return defaults.get(name)


def _binds_other(node: ast.AST, name: str) -> bool:
    if isinstance(node, ast.alias):
        return (node.asname or node.name.split(".")[0]) == name
    target = node.optional_vars if isinstance(node, ast.withitem) else node.target
    return target is not None and _binds(target, name)


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``scope``'s body, not those of the functions, classes and comprehensions inside it."""
    pending = list(ast.iter_child_nodes(scope))
    while pending:
        node = pending.pop()
        yield node
        nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp)
        if not isinstance(node, (*nested, ast.GeneratorExp, ast.DictComp)):
            pending.extend(ast.iter_child_nodes(node))


def describe(node: ast.AST) -> str:
    """A computed text, in words."""
    if isinstance(node, ast.JoinedStr):
        return "an f-string"
    if isinstance(node, ast.BinOp):
        return "a string built with %" if isinstance(node.op, ast.Mod) else "a string built with an operator"
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return "a string filled in with .format()"
        return "the result of a call"
    if isinstance(node, ast.Subscript):
        return "an item of a container"
    return f"a {type(node).__name__} expression"


# -- scanning a module or a notebook ---------------------------------------------------------------
@dataclass(frozen=True)
class Found:
    """One message at one place: its line (in the module, or in the notebook's joined code cells)."""

    text: str
    line: int


@dataclass(frozen=True)
class Problem:
    where: str  # "path:line" or "path, cell ID"
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


def message_calls(tree: ast.Module, defining: bool = False) -> dict[str, str]:
    """Local names of the message functions: imported from the course's i18n or exercise engine (under
    any name), or, in the modules that define them (``defining``), their own names. Another module's
    own ``fail`` (the CLI's) is not one."""
    calls = {name: name for name in MESSAGE_CALLS} if defining else {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] in MESSAGE_MODULES:
            for alias in node.names:
                if alias.name in MESSAGE_CALLS:
                    calls[alias.asname or alias.name] = alias.name
    return calls


def scan(tree: ast.Module, defining: bool = False) -> tuple[list[Found], list[tuple[int, str]], list[tuple[int, str]]]:
    """(messages, computed-message problems, figure-text problems) of one module; problems as (line, text)."""
    source = Source(tree, message_calls(tree, defining))
    messages: list[Found] = []
    computed: list[tuple[int, str]] = []
    figures: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name in MESSAGE_DEFAULTS:
            messages += _class_defaults(node, MESSAGE_DEFAULTS[node.name])
        if not isinstance(node, ast.Call):
            continue
        name = source.message_function(node)
        if name is not None:
            for argument in source.message_arguments(node):
                value = source.value(argument)
                # "" is no message (gettext's "" is the catalog's header): an empty default passes nothing on.
                messages += [Found(c.value, c.lineno) for c in value.literals if c.value]
                computed += [(node.lineno, f"{name}() is given {why}") for why in dict.fromkeys(value.computed)]
        figures += _figure_text(source, node)
    return messages, sorted(computed), sorted(figures)


def _class_defaults(node: ast.ClassDef, fields: tuple[str, ...]) -> list[Found]:
    found = []
    for statement in node.body:
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.target.id in fields
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
            and statement.value.value
        ):
            found.append(Found(statement.value.value, statement.value.lineno))
    return found


def _figure_text(source: Source, call: ast.Call) -> list[tuple[int, str]]:
    """English words a matplotlib call draws without label()."""
    texts = [k.value for k in call.keywords if k.arg in FIGURE_KEYWORDS]
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in FIGURE_METHODS and len(call.args) > FIGURE_METHODS[func.attr]:
        texts.append(call.args[FIGURE_METHODS[func.attr]])
    problems = []
    for text in texts:
        value = source.value(text)
        words = [c.value for c in value.literals if WORD.search(c.value) and not is_date(c.value)]
        if isinstance(text, ast.JoinedStr):
            words += [p.value for p in text.values if isinstance(p, ast.Constant) and WORD.search(str(p.value))]
        if words:
            shown = ", ".join(repr(w) for w in dict.fromkeys(words))
            problems.append((call.lineno, FIGURE_PROBLEM.format(shown)))
    return problems


def is_date(text: str) -> bool:
    """Whether ``text`` is a date the course's tasks read (``24-03-05``, ``Tuesday, March 5, 2024``): the
    course's data, which both editions show as it is written (a figure titled with the input it plots)."""
    from seq2seq_lib.tasks.dates import check_source_date
    from seq2seq_lib.tasks.human_dates import read_date

    for read in (check_source_date, read_date):
        try:
            read(text)
        except ValueError:
            continue
        return True
    return False


def parse_module(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def notebook_code(path: Path) -> tuple[str, list[str]]:
    """The code cells of a notebook joined into one module, and the cell id of each of its lines."""
    lines: list[str] = []
    cells: list[str] = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        text = "".join(cell["source"])
        # IPython's magics and shell escapes are not Python: read them as blank lines.
        body = [("" if line.lstrip().startswith(("%", "!")) else line) for line in text.splitlines()]
        lines += [*body, ""]
        cells += [cell.get("id", "?")] * (len(body) + 1)
    return "\n".join(lines) + "\n", cells


def _extract_python(fileobj, keywords, comment_tags, options):
    """A Babel extraction method: the messages of one Python module."""
    messages, _, _ = scan(ast.parse(fileobj.read().decode("utf-8")), options.get("defining") == "yes")
    for found in sorted(messages, key=lambda f: f.line):
        yield found.line, None, found.text, []


def _extract_notebook(fileobj, keywords, comment_tags, options):
    """A Babel extraction method: the messages of a notebook's code cells, each noted with its cell."""
    path = Path(fileobj.name)
    code, cells = notebook_code(path)
    messages, _, _ = scan(ast.parse(code))
    for found in sorted(messages, key=lambda f: f.line):
        yield found.line, None, found.text, [f"cell {cells[found.line - 1]}"]


# -- the sources and the catalog -------------------------------------------------------------------
def library_files(root: Path) -> list[Path]:
    return sorted((root / LIBRARY).rglob("*.py"))


def notebook_files(root: Path) -> list[Path]:
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def template(root: Path = ROOT) -> Catalog:
    """Every message of the sources, in order of the files (library, then notebooks), each with where it is used."""
    catalog = Catalog(domain=DOMAIN, project=PROJECT, fuzzy=False, header_comment=HEADER_COMMENT)
    sources = [(p, _extract_python) for p in library_files(root)]
    sources += [(p, _extract_notebook) for p in notebook_files(root)]
    for path, method in sources:
        relative = path.relative_to(root).as_posix()
        with path.open("rb") as fileobj:
            options = {"defining": "yes" if relative in DEFINING else "no"}
            for lineno, text, comments, _ in extract(method, fileobj, options=options):
                known = catalog.get(text)
                if known is None:
                    catalog.add(text, locations=[(relative, lineno)], auto_comments=comments, flags=flags(text))
                else:
                    known.locations.append((relative, lineno))
                    known.auto_comments = list(dict.fromkeys([*known.auto_comments, *comments]))
    return catalog


def flags(text: str) -> tuple[str, ...]:
    return ("python-brace-format",) if fields(text) else ()


def fields(text: str) -> list[tuple[str, str, str]]:
    """The replacement fields of a template, sorted: (name, conversion, format spec). Unparsable: one marker."""
    try:
        parsed = [(name, conversion or "", spec or "") for _, name, spec, conversion in string.Formatter().parse(text)]
    except ValueError as err:
        return [("<unparsable>", str(err), "")]
    return sorted(f for f in parsed if f[0] is not None)


def read_catalog(root: Path = ROOT) -> Catalog:
    path = root / CATALOG
    if not path.is_file():
        return Catalog(locale=LOCALE, domain=DOMAIN, project=PROJECT, header_comment=HEADER_COMMENT)
    with path.open("rb") as fileobj:
        return read_po(fileobj, locale=LOCALE, domain=DOMAIN)


def render(catalog: Catalog, *, template_file: bool = False) -> str:
    """The .po (or .pot) text: no line numbers (a message's notes change only when it moves to another
    file or cell), no wrapping (a message and its translation are one line each: easy to find)."""
    catalog.fuzzy = False
    catalog.project, catalog.version = PROJECT, _version()
    for message in catalog:
        # Babel guesses printf-style formats (it reads "99% it" as "% i"); the course's messages are
        # str.format templates only, and msgfmt --check would refuse the guess.
        message.flags.discard("python-format")
    catalog.last_translator = "the course's translators"
    catalog.language_team = "zh_CN"
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_lineno=False, include_previous=True, omit_header=False)
    return buffer.getvalue().decode("utf-8")


def _version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def merged(root: Path = ROOT, *, fuzzy_matching: bool = True) -> tuple[Catalog, Catalog]:
    """(the catalog updated with the sources' template, the template)."""
    catalog, fresh = read_catalog(root), template(root)
    catalog.update(fresh, no_fuzzy_matching=not fuzzy_matching)
    for message in catalog:
        if message.id:
            source = fresh[message.id]
            message.locations, message.auto_comments = list(source.locations), list(source.auto_comments)
            message.flags = (message.flags - {"python-brace-format"}) | set(flags(message.id))
    return catalog, fresh


def write_catalog(catalog: Catalog, root: Path = ROOT) -> Path:
    path = root / CATALOG
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(catalog), encoding="utf-8")
    return path


# -- check -----------------------------------------------------------------------------------------
def code_problems(root: Path = ROOT) -> list[Problem]:
    """Message functions given computed texts; English figure text drawn without label()."""
    problems = []
    for path in library_files(root):
        relative = path.relative_to(root).as_posix()
        _, computed, figures = scan(parse_module(path), relative in DEFINING)
        problems += [Problem(f"{relative}:{line}", text) for line, text in [*computed, *figures]]
    for path in notebook_files(root):
        code, cells = notebook_code(path)
        _, computed, figures = scan(ast.parse(code))
        relative = path.relative_to(root).as_posix()
        problems += [Problem(f"{relative}, cell {cells[line - 1]}", text) for line, text in [*computed, *figures]]
    return problems


def catalog_problems(root: Path = ROOT) -> list[Problem]:
    """Every way the catalog disagrees with the sources (see the module's docstring)."""
    where = CATALOG.as_posix()
    current = read_catalog(root)
    fresh = template(root)
    problems = []
    for message in fresh:
        if not message.id:
            continue
        entry = current.get(message.id)
        if entry is None or not entry.string:
            problems.append(Problem(where, f"no translation: {message.id!r} ({_used_in(message)})"))
            continue
        if entry.fuzzy:
            problems.append(Problem(where, f"fuzzy (review, then remove the flag): {message.id!r}"))
        if fields(entry.string) != fields(message.id):
            problems.append(Problem(where, f"the fields differ: {message.id!r} -> {entry.string!r}"))
        if _context(entry) != _context(message):
            problems.append(Problem(where, f"where it is used is out of date (run update): {message.id!r}"))
    for entry in current:
        if entry.id and entry.id not in fresh:
            problems.append(Problem(where, f"obsolete, in no source any more: {entry.id!r}"))
    for entry in current.obsolete.values():
        problems.append(Problem(where, f"obsolete entry (#~) left in the catalog: {entry.id!r}"))
    return problems


def _used_in(message: Message) -> str:
    files = dict.fromkeys(path for path, _ in message.locations)
    return ", ".join([*files, *message.auto_comments])


def _context(message: Message) -> tuple:
    files = tuple(dict.fromkeys(sorted(path for path, _ in message.locations)))
    return files, tuple(sorted(message.auto_comments))


def check(root: Path = ROOT) -> list[Problem]:
    return [*code_problems(root), *catalog_problems(root)]


# -- the command line ------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this repository)")
    commands = parser.add_subparsers(dest="command", required=True)
    extract_command = commands.add_parser("extract", help="write the template (.pot) of every message")
    extract_command.add_argument("--output", type=Path, default=None, help=f"default: {TEMPLATE}")
    update_command = commands.add_parser("update", help="merge the sources' messages into the catalog")
    update_command.add_argument("--drop-obsolete", action="store_true", help="remove entries no source uses")
    commands.add_parser("check", help="list what is wrong; exit 1 if anything is")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "extract":
        output = args.output or root / TEMPLATE
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render(template(root)), encoding="utf-8")
        print(f"wrote {output}")
    elif args.command == "update":
        catalog, _ = merged(root)
        if args.drop_obsolete:
            catalog.obsolete.clear()
        print(f"wrote {write_catalog(catalog, root).relative_to(root)}")
    else:
        problems = check(root)
        print("\n".join(map(str, problems)) if problems else "every message has its translation")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
