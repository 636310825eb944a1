"""Type stubs of the extension module (see src/lib.rs); use the functions of ``mlm_migrate``."""

from typing import List, Optional, Tuple

__version__: str
DEFAULT_TARGET: str

class Report:
    """The record of one run, kept in Rust until asked for."""

    def json(self) -> str: ...

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
def check(source: str, converted: str, npy: Optional[bytes], seed: int) -> str: ...
def validate(text: str, name: str, schemas_dir: Optional[str]) -> str: ...
def run_cli(argv: List[str]) -> int: ...
def _time_library(texts: List[str], allow_lossy: bool, full: bool) -> float: ...
