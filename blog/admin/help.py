"""Plain-language help for authors, under the fields they might not understand."""

from django.utils.html import escape


class AuthorHelpMixin:
    """Plain-language help under the fields an author might not understand."""

    help_texts = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.help_texts:
            # The admin prints help text as HTML; ours is plain text, "<!-- more -->" included.
            field.help_text = escape(self.help_texts[db_field.name])
        return field
