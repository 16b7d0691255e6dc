from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """A <select> written in Python. Django renders each option through a template of its own, which
    costs more than the rest of a page once a page holds a few hundred options. No option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(key), " selected" if str(key) in chosen else "", label) for key, label in self.options()),
        )
        return format_html(
            "<select{}>{}</select>", flatatt({"name": name, **self.build_attrs(self.attrs, attrs)}), options
        )

    def options(self):
        """The choices; a model field's read in one plain query (Django's iterator opens a server-side
        cursor for them: three round trips)."""
        if not isinstance(self.choices, ModelChoiceIterator):
            return self.choices
        field = self.choices.field
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        return empty + [self.choices.choice(item) for item in self.choices.queryset]
