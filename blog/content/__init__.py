"""Markdown to safe HTML, figures, metadata and alt text: pure functions of the text and of
plain attachment values (`references`). This layer imports no models."""
