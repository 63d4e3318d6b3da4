"""Every model has a docstring and every field a help text: the models are the
data dictionary."""

from io import StringIO

from django.core.management import call_command
from django.test import SimpleTestCase

from cases.services.dictionary import SKIP_FIELDS, documented_models


class DataDictionaryTests(SimpleTestCase):
    def test_every_model_and_field_is_described(self):
        for model in documented_models():
            self.assertTrue(model.__doc__ and not model.__doc__.startswith(model.__name__ + "("), model)
            for field in model._meta.get_fields():
                if not field.concrete or field.auto_created or field.name in SKIP_FIELDS:
                    continue
                with self.subTest(field=f"{model.__name__}.{field.name}"):
                    self.assertTrue(str(field.help_text).strip())

    def test_command_prints_every_model(self):
        out = StringIO()
        call_command("data_dictionary", stdout=out)
        for model in documented_models():
            self.assertIn(f"## {model.__name__}", out.getvalue())
