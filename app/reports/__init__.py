"""Documents: services build a plain context, Jinja2 renders HTML, WeasyPrint writes the PDF.

`pipeline` holds what every document shares (template environments, the restricted URL fetcher,
PDF writing); one module per document builds its context and calls it.
"""
