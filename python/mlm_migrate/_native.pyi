"""Type stubs of the extension module (see src/lib.rs); use the functions of ``mlm_migrate``."""

from typing import Any, Dict, List, Optional, Tuple

__version__: str
DEFAULT_TARGET: str

class Report:
    """The record of one run, kept in Rust until asked for."""

    def json(self) -> str: ...
    def input_json(self) -> Optional[str]: ...

class NotJson(ValueError):
    """The object cannot be written as JSON (json.dumps would refuse it)."""

def migrate_text(
    text: str,
    name: str,
    fmt: Optional[str],
    to: str,
    allow_lossy: bool,
    strict: bool,
    fix: bool,
    schemas_dir: Optional[str],
    full: bool,
) -> Tuple[
    Report, str, Optional[str], Optional[str], int, bool, Optional[str], List[str]
]: ...
def migrate_dict(
    doc: Dict[str, Any],
    name: str,
    to: str,
    allow_lossy: bool,
    strict: bool,
    fix: bool,
) -> Tuple[Report, str, Optional[Dict[str, Any]], bool, Optional[str], List[str]]: ...
def check(source: str, converted: str, npy: Optional[bytes], seed: int) -> str: ...
def validate(text: str, name: str, schemas_dir: Optional[str]) -> str: ...
def run_cli(argv: List[str]) -> int: ...
def _time_library(texts: List[str], allow_lossy: bool, full: bool) -> float: ...
