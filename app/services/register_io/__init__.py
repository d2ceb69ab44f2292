"""Importing and exporting the register (issue 3).

- `export_register(workspace, output)`: .json (our versioned, lossless format), .xlsx (sheets
  Activities, Vendors, Processor records) or .csv (activities), by the output's suffix.
- `import_register(workspace, path, mapping=None, dry_run=False)`: .json, .xlsx or .csv in our
  own layout, in the UK ICO's documentation template for controllers, or in any layout through
  a column mapping {"our field or list.part": "their column heading"}; all or nothing, in one
  transaction and one undoable change. Every problem is listed as file:row:column.
- `inspect_file(path)`, `mappable_fields()`, `suggest_mapping(headings)`: what the import
  dialog needs to ask for a mapping.

The formats are documented where they are made: json_format (JSON), flatten (list fields in
one cell), cells (formula neutralisation), layouts (headings, the ICO template, mappings),
dates (accepted date forms), readers (files refused and encodings accepted).
"""

from app.services.register_io.exporting import EXPORT_SUFFIXES, export_register
from app.services.register_io.importing import import_register, inspect_file
from app.services.register_io.json_format import FORMAT_NAME, FORMAT_VERSION
from app.services.register_io.layouts import ICO_HEADINGS, Layout, mappable_fields, suggest_mapping
from app.services.register_io.problems import (
    ImportError_,
    ImportProblem,
    ImportReport,
    RegisterImportError,
)
from app.services.register_io.readers import SUFFIXES as IMPORT_SUFFIXES

__all__ = [
    "EXPORT_SUFFIXES",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "ICO_HEADINGS",
    "IMPORT_SUFFIXES",
    "ImportError_",
    "ImportProblem",
    "ImportReport",
    "Layout",
    "RegisterImportError",
    "export_register",
    "import_register",
    "inspect_file",
    "mappable_fields",
    "suggest_mapping",
]
