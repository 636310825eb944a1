"""mlm-migrate for Python: upgrade STAC metadata of machine-learning models (DLM ``dlm:``,
ML-Model ``ml-model:``, every older MLM) to the MLM extension v1.5.1, or write an older MLM
version, with a record of every change and a numeric check of the preprocessing.

A thin layer over the Rust library (``mlm_migrate._native``): every function below runs the
library's code, and ``mlm-migrate`` on the PATH is the same command line as the Rust binary.

>>> import json, mlm_migrate
>>> m = mlm_migrate.migrate(open("item.json").read())   # text: output keeps its layout
>>> open("item.json", "w").write(m.text)
>>> for c in m.changes: print(c.fidelity, c.pointer, c.message)
>>> m.check.verdict                                       # 'equivalent', 'differs', 'unverifiable'

Errors are exceptions carrying the diagnostics: :class:`InvalidInput` (unreadable text, not a
model document), :class:`LossyRefused` (the output would lose information, or ``strict``
refused an assumption; ``.migration`` holds what would have been written),
:class:`MigrationError` (their base: an unknown version, no path to the target, a bad option).
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from typing import Any, List, Mapping, Optional, Union

from . import _native

__all__ = [
    "DEFAULT_TARGET",
    "Change",
    "CheckInput",
    "CheckResult",
    "Diagnostic",
    "Finding",
    "InvalidInput",
    "LossyRefused",
    "Migration",
    "MigrationError",
    "Validation",
    "__version__",
    "check",
    "migrate",
    "validate",
]

__version__: str = _native.__version__
#: The version ``migrate`` writes by default (``"mlm@1.5.1"``).
DEFAULT_TARGET: str = _native.DEFAULT_TARGET

Document = Union[Mapping[str, Any], str, bytes]


@dataclass(frozen=True)
class Change:
    """One recorded change of a migration.

    ``pointer`` is where the value is in the output (``to_pointer``), or where it was in the
    input for a removal (``from_pointer``); pointers are RFC 6901 JSON pointers
    (``/properties/mlm:input/0/value_scaling``). ``fidelity`` is ``lossless``, ``assumed``,
    ``lossy`` or ``manual``; ``rule`` the stable rule id (``mlm-migrate explain RULE``),
    ``spec`` the public source it implements (``MLM CHANGELOG v1.4.0``).
    """

    pointer: str
    rule: str
    fidelity: str
    message: str
    op: str
    from_pointer: Optional[str] = None
    to_pointer: Optional[str] = None
    old: Any = None
    new: Any = None
    step: str = ""
    spec: str = ""
    url: str = ""

    @classmethod
    def _from_record(cls, r: Mapping[str, Any]) -> "Change":
        rule = r.get("rule") or {}
        to, frm = r.get("to"), r.get("from")
        return cls(
            pointer=to if to is not None else (frm if frm is not None else ""),
            rule=rule.get("id", ""),
            fidelity=r.get("fidelity", ""),
            message=r.get("message", ""),
            op=r.get("op", ""),
            from_pointer=frm,
            to_pointer=to,
            old=r.get("old"),
            new=r.get("new"),
            step=rule.get("step", ""),
            spec=rule.get("spec", ""),
            url=rule.get("url", ""),
        )


@dataclass(frozen=True)
class Diagnostic:
    """A finding that is not a change (a warning, a refusal, an unreadable input).

    ``rule`` is the stable code (``version-mismatch``; ``mlm-migrate explain CODE``),
    ``severity`` ``info``, ``warning`` or ``error``; ``pointer`` the JSON pointer it applies to
    (None for the whole document); ``fidelity`` is set for refusals (``lossy``, ``assumed``,
    ``manual``) and None otherwise.
    """

    pointer: Optional[str]
    rule: str
    severity: str
    message: str
    hint: Optional[str] = None
    fidelity: Optional[str] = None

    @classmethod
    def _from_record(cls, r: Mapping[str, Any]) -> "Diagnostic":
        return cls(
            pointer=r.get("pointer"),
            rule=r.get("code", ""),
            severity=r.get("severity", ""),
            message=r.get("message", ""),
            hint=r.get("hint"),
        )


@dataclass(frozen=True)
class Finding:
    """A validation finding: ``code`` (``wrong-type``), ``severity``, ``pointer``, 1-based
    ``line``/``column`` in the text (None for dict input or YAML), ``message``, and the
    ``expected`` form."""

    code: str
    severity: str
    pointer: str
    message: str
    line: Optional[int] = None
    column: Optional[int] = None
    expected: Optional[str] = None

    @classmethod
    def _from_record(cls, r: Mapping[str, Any]) -> "Finding":
        return cls(
            code=r.get("code", ""),
            severity=r.get("severity", ""),
            pointer=r.get("pointer", ""),
            message=r.get("message", ""),
            line=r.get("line"),
            column=r.get("column"),
            expected=r.get("expected"),
        )


@dataclass(frozen=True)
class CheckInput:
    """The preprocessing check of one model input: its ``name``, ``verdict``, ``reason``,
    the pipelines of both sides (one stage per line) and the per-channel errors."""

    name: str
    verdict: str
    reason: Optional[str]
    source_pipeline: List[str]
    converted_pipeline: List[str]
    channels: List[Mapping[str, Any]]
    notes: List[str]
    sample: Optional[Mapping[str, Any]]


@dataclass(frozen=True)
class CheckResult:
    """The preprocessing equivalence check: both pipelines run on the same tensor and every
    value compared within ``rtol 1e-9``. ``verdict`` is ``equivalent``, ``differs`` or
    ``unverifiable`` (``reason`` says why); ``report`` is the full JSON record."""

    verdict: str
    reason: Optional[str]
    inputs: List[CheckInput]
    report: Mapping[str, Any]

    @property
    def equivalent(self) -> bool:
        """True only when every value of every input was compared and agrees."""
        return self.verdict == "equivalent"

    @classmethod
    def _from_record(cls, r: Mapping[str, Any]) -> "CheckResult":
        return cls(
            verdict=r.get("verdict", ""),
            reason=r.get("reason"),
            inputs=[
                CheckInput(
                    name=i.get("name", ""),
                    verdict=i.get("verdict", ""),
                    reason=i.get("reason"),
                    source_pipeline=list(i.get("source_pipeline", [])),
                    converted_pipeline=list(i.get("converted_pipeline", [])),
                    channels=list(i.get("channels", [])),
                    notes=list(i.get("notes", [])),
                    sample=i.get("sample"),
                )
                for i in r.get("inputs", [])
            ],
            report=r,
        )


@dataclass(frozen=True)
class Validation:
    """Validation of a document: ``valid`` (no error findings), the ``version`` it was
    validated as, the ``findings``, and ``notes`` (e.g. a schema not in the cache)."""

    valid: bool
    version: str
    findings: List[Finding]
    notes: List[str]
    report: Mapping[str, Any]


class Migration:
    """The result of :func:`migrate`.

    - ``output``: the migrated document (a dict; for text input parsed on first access).
    - ``text``: the output text in the input's format and layout (key order, number text,
      indentation kept; only changed lines differ) when the input was text, else None.
    - ``changes``: every :class:`Change`, in the order made.
    - ``diagnostics``: the migration's :class:`Diagnostic` records (warnings, notes).
    - ``status``: ``migrated``, ``unchanged`` or ``refused``; ``source_version``: what the
      input was read as (``mlm@1.2.0``); ``target``: the version written.
    - ``check``: the preprocessing verdict (:class:`CheckResult`; None when the document has
      no model inputs), ``validation``: the output's :class:`Validation` (typed checks, and
      the official schemas when available), ``valid``, and ``exit_code`` (what
      ``mlm-migrate`` exits with: 0, or 1 for findings). These four are computed on first
      access (the same run as the command line's, with validation and the check), so a
      migration that does not ask for them costs only the conversion.
    - ``report``: the JSON record of the run (as ``mlm-migrate --report json`` writes per
      file; with validation and check once they were computed).
    """

    def __init__(
        self,
        record: Any,
        status: str,
        output: Any,
        text: Optional[str],
        refusals: List[str],
        rerun: Any,
        parsed: bool = False,
    ) -> None:
        # `output` is the output's JSON text until first read (see the `output` property),
        # or already the dict (`parsed`) for a dict input.
        self._output = output
        self._output_parsed = parsed
        self.text = text
        self.status = status
        self.refusals = refusals
        self._record = record
        self._report: Optional[Mapping[str, Any]] = None
        self._rerun = rerun
        self._full: Optional["tuple[Mapping[str, Any], int]"] = None
        self._changes: Optional[List[Change]] = None
        self._diagnostics: Optional[List[Diagnostic]] = None

    @property
    def output(self) -> Any:
        """The migrated document (a dict; parsed from the output on first access)."""
        if not self._output_parsed:
            self._output = json.loads(self._output)
            self._output_parsed = True
        return self._output

    @property
    def report(self) -> Mapping[str, Any]:
        """The JSON record of the run (parsed on first access)."""
        if self._full is not None:
            return self._full[0]
        if self._report is None:
            self._report = json.loads(self._record.json())
        return self._report

    @property
    def _migration(self) -> Mapping[str, Any]:
        return self.report.get("migration") or {}

    @property
    def changes(self) -> List[Change]:
        """Every :class:`Change`, in the order made."""
        if self._changes is None:
            self._changes = [Change._from_record(c) for c in self._migration.get("changes", [])]
        return self._changes

    @property
    def diagnostics(self) -> List[Diagnostic]:
        """The migration's :class:`Diagnostic` records."""
        if self._diagnostics is None:
            self._diagnostics = [
                Diagnostic._from_record(d) for d in self._migration.get("diagnostics", [])
            ]
        return self._diagnostics

    @property
    def source_version(self) -> Optional[str]:
        """What the input was read as (``mlm@1.2.0``, ``dlm@1.0.0-beta.3``)."""
        start = (self._migration.get("detection") or {}).get("start")
        return start if isinstance(start, str) else None

    @property
    def target(self) -> str:
        """The version written (``mlm@1.5.1``)."""
        return str(self._migration.get("target", ""))

    def __repr__(self) -> str:
        return (
            f"Migration(status={self.status!r}, source_version={self.source_version!r}, "
            f"target={self.target!r}, changes={len(self.changes)})"
        )

    @property
    def changed(self) -> bool:
        """True when the output differs from the input."""
        return bool(self._migration.get("changes"))

    def _complete(self) -> "tuple[Mapping[str, Any], int]":
        if self._full is None:
            self._full = self._rerun()
        return self._full

    @property
    def check(self) -> Optional[CheckResult]:
        """The preprocessing check of input vs output on a seeded synthetic tensor (None when
        neither document has model inputs, or the target has no input fields)."""
        r = self._complete()[0].get("check")
        return CheckResult._from_record(r) if r else None

    @property
    def validation(self) -> Validation:
        """Validation of the output at the target version: ``findings`` are those of the
        output (carried over from the source, or introduced by the migration — which must be
        none); ``report`` also holds the source's."""
        v = self._complete()[0].get("validation") or {}
        findings = [Finding._from_record(f) for f in v.get("carried", []) + v.get("introduced", [])]
        return Validation(
            valid=bool(v.get("valid", True)),
            version=str(v.get("target", self.target)),
            findings=findings,
            notes=list(v.get("notes", [])),
            report=v,
        )

    @property
    def valid(self) -> bool:
        """True when the output has no validation errors."""
        return self.validation.valid

    @property
    def exit_code(self) -> int:
        """What ``mlm-migrate`` exits with for this document: 0 clean, 1 findings (invalid
        output, a preprocessing difference, a refusal)."""
        return self._complete()[1]


class MigrationError(Exception):
    """A document could not be migrated (unknown version, no path to the target, a bad
    option). ``diagnostics`` lists why; ``report`` is the full JSON record when there is one."""

    def __init__(
        self,
        message: str,
        diagnostics: Optional[List[Diagnostic]] = None,
        report: Optional[Mapping[str, Any]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics: List[Diagnostic] = list(diagnostics or [])
        self.report: Mapping[str, Any] = report or {}


class InvalidInput(MigrationError):
    """The input is not a readable document (a syntax error with line:column, a duplicate
    key, a value JSON cannot hold) or not a model document (no DLM, ML-Model or MLM
    content)."""


class LossyRefused(MigrationError):
    """The output was produced but not released: it would lose information (pass
    ``allow_lossy=True``) or, with ``strict=True``, it holds assumed values or placeholders.
    ``migration`` is the :class:`Migration` that was refused; ``diagnostics`` name each
    refused change (with its fidelity)."""

    def __init__(
        self,
        message: str,
        diagnostics: List[Diagnostic],
        report: Mapping[str, Any],
        migration: Migration,
    ) -> None:
        super().__init__(message, diagnostics, report)
        self.migration = migration


def _text_of(doc: Document, what: str) -> "tuple[str, bool]":
    """The text of a document and whether it was given as text."""
    if isinstance(doc, bytes):
        try:
            return doc.decode("utf-8"), True
        except UnicodeDecodeError as e:
            raise InvalidInput(
                f"{what}: not UTF-8 text: {e}",
                [Diagnostic(None, "invalid-input", "error", f"not UTF-8 text: {e}")],
            ) from None
    if isinstance(doc, str):
        return doc, True
    if isinstance(doc, Mapping):
        try:
            return json.dumps(doc, ensure_ascii=False, allow_nan=False), False
        except (TypeError, ValueError) as e:
            raise InvalidInput(
                f"{what}: cannot be written as JSON: {e}",
                [Diagnostic(None, "invalid-input", "error", str(e))],
            ) from None
    raise TypeError(f"{what}: expected a dict or JSON/YAML text, not {type(doc).__name__}")


def _schemas(schemas: "Optional[Union[str, os.PathLike[str]]]") -> Optional[str]:
    return None if schemas is None else os.fspath(schemas)


def migrate(
    doc: Document,
    to: str = DEFAULT_TARGET,
    allow_lossy: bool = False,
    strict: bool = False,
    fix: bool = False,
    *,
    format: Optional[str] = None,
    name: str = "<document>",
    schemas: "Optional[Union[str, os.PathLike[str]]]" = None,
) -> Migration:
    """Migrates one STAC Item, Collection, ItemCollection or stac-model metadata document.

    ``doc`` is a dict (the parsed document) or its text (JSON or YAML, ``str`` or UTF-8
    ``bytes``; ``format`` ``"json"``/``"yaml"`` or None to sniff). ``to`` is the version to
    write (``"mlm@1.5.1"``, ``"mlm@1.3.0"``, ``"ml-model@1.0.0"``). ``allow_lossy`` accepts
    changes that lose information, ``strict`` refuses assumed values and placeholders, ``fix``
    repairs common catalog defects. ``name`` appears in messages; ``schemas`` is a directory
    of official JSON schemas laid out by URL (default: the user cache when it exists, as the
    command line does).

    A dict is read as data, with no JSON text written or parsed: as ``json.dumps`` would
    write it (str keys, or int/float/bool/None keys as their JSON text; str, int, float,
    bool, None, list, tuple and dict values, numbers with their ``repr`` text), and the output
    is a new dict, as ``json.loads`` would give it. What ``json.dumps`` refuses (NaN, a set,
    another type) raises :class:`InvalidInput`.

    The output's validation (typed checks; the official schemas when available) and the
    preprocessing check on a seeded synthetic tensor run when ``.validation``, ``.valid``,
    ``.check`` or ``.exit_code`` is first read.

    Raises :class:`InvalidInput` (unreadable, not a model document), :class:`LossyRefused`
    (refused changes; the migration is attached), :class:`MigrationError` (unknown version,
    no path, bad ``to``), ``TypeError`` for a ``doc`` of another type.
    """
    if isinstance(doc, dict):
        # A dict in, a dict out, no text between: the library reads the dict as the value
        # json.dumps would write, and builds the output dict from the migrated value.
        try:
            record, status, output, not_model, error, refusals = _native.migrate_dict(
                doc, name, to, allow_lossy, strict, fix
            )
        except _native.NotJson as e:
            raise InvalidInput(
                f"{name}: cannot be written as JSON: {e}",
                [Diagnostic(None, "invalid-input", "error", str(e))],
            ) from None
        except ValueError as e:
            raise MigrationError(
                str(e), [Diagnostic(None, "invalid-option", "error", str(e))]
            ) from None
        text: Optional[str] = None
        fmt: Optional[str] = "json"
    else:
        text, _ = _text_of(doc, name)
        fmt = format
        try:
            record, status, output_text, output_json, _, not_model, error, refusals = (
                _native.migrate_text(text, name, fmt, to, allow_lossy, strict, fix, None, False)
            )
        except ValueError as e:
            raise MigrationError(
                str(e), [Diagnostic(None, "invalid-option", "error", str(e))]
            ) from None
    if status in ("failed", "unreadable"):
        message = error or "the document could not be migrated"
        rule = "invalid-input" if status == "unreadable" else "not-migrated"
        cls = InvalidInput if (status == "unreadable" or not_model) else MigrationError
        raise cls(message, [Diagnostic(None, rule, "error", message)], json.loads(record.json()))

    def rerun() -> "tuple[Mapping[str, Any], int]":
        # Validation and the check locate findings in text: a dict input is run as the text
        # json.dumps wrote for it when `migrate` was called.
        source = text if text is not None else record.input_json()
        full, _, _, _, code, _, _, _ = _native.migrate_text(
            source, name, fmt, to, allow_lossy, strict, fix, _schemas(schemas), True
        )
        return json.loads(full.json()), int(code)

    if text is None:
        migration = Migration(record, status, output, None, refusals, rerun, parsed=True)
    else:
        out = output_json if output_json is not None else output_text.lstrip("\ufeff")
        migration = Migration(record, status, out, output_text, refusals, rerun)
    if status == "refused":
        refused = [
            Diagnostic(c.pointer, c.rule, "error", c.message, None, c.fidelity)
            for c in migration.changes
            if (c.fidelity == "lossy" and not allow_lossy)
            or (strict and c.fidelity in ("assumed", "manual"))
        ]
        raise LossyRefused(
            "not written: " + "; ".join(refusals), refused, migration.report, migration
        )
    return migration


def _sample_bytes(sample: Any) -> Optional[bytes]:
    if sample is None:
        return None
    if isinstance(sample, (bytes, bytearray, memoryview)):
        return bytes(sample)
    if isinstance(sample, (str, os.PathLike)):
        with open(sample, "rb") as f:
            return f.read()
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is needed only for arrays
        raise TypeError("sample: an array needs numpy installed") from None
    buf = io.BytesIO()
    numpy.save(buf, numpy.asarray(sample), allow_pickle=False)
    return buf.getvalue()


def check(
    source: Document,
    converted: Document,
    sample: Any = None,
    *,
    seed: int = 0,
) -> CheckResult:
    """Checks that ``converted`` feeds the model the same numbers as ``source``.

    Both are documents (dict or text) with DLM ``dlm:inputs`` or MLM ``mlm:input`` of any
    version. ``sample`` is the tensor to run both pipelines on: a ``numpy.ndarray`` (any
    integer/float dtype or bool, laid out like the source input's ``shape``, e.g.
    ``[batch, channel, height, width]``, values in the input's units), ``.npy`` bytes or a
    ``.npy`` path; None draws a synthetic tensor with ``seed`` (each data type's extremes, 0,
    1, mid-range, nodata). Values are compared with ``rtol 1e-9``.

    Raises :class:`InvalidInput` for unreadable documents, a sample that fits no input or a
    bad ``.npy``.
    """
    s, _ = _text_of(source, "source")
    c, _ = _text_of(converted, "converted")
    try:
        report = _native.check(s, c, _sample_bytes(sample), seed)
    except ValueError as e:
        raise InvalidInput(str(e), [Diagnostic(None, "invalid-input", "error", str(e))]) from None
    return CheckResult._from_record(json.loads(report))


def validate(
    doc: Document,
    *,
    name: str = "<document>",
    schemas: "Optional[Union[str, os.PathLike[str]]]" = None,
) -> Validation:
    """Validates a document at the versions it declares and shows, without migrating it (as
    ``mlm-migrate validate``): typed checks of every ``mlm:``/``dlm:``/``ml-model:`` field
    always, the official JSON schemas when ``schemas`` (or the user cache) has them.

    Raises :class:`InvalidInput` for unreadable text.
    """
    text, _ = _text_of(doc, name)
    try:
        report = json.loads(_native.validate(text, name, _schemas(schemas)))
    except ValueError as e:
        raise InvalidInput(str(e), [Diagnostic(None, "invalid-input", "error", str(e))]) from None
    return Validation(
        valid=bool(report.get("valid")),
        version=str(report.get("version", "")),
        findings=[Finding._from_record(f) for f in report.get("findings", [])],
        notes=list(report.get("notes", [])),
        report=report,
    )
