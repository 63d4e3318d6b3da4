"""Print the data dictionary (Markdown) generated from the models."""

from django.core.management.base import BaseCommand

from cases.services.dictionary import data_dictionary_markdown


class Command(BaseCommand):
    help = "Print the data dictionary in Markdown, generated from the models' help texts."

    def handle(self, *args, **options):
        self.stdout.write(data_dictionary_markdown())
