"""pg_trgm for duplicate detection by trigram similarity (nothing to do on SQLite)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_curation")]

    operations = [TrigramExtension()]
