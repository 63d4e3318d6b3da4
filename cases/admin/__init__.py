"""The analysts' admin: a case page on which a whole case can be entered, lists with the filters
analysts use, the review workflow, and the change history of every record."""

from cases.admin import case, records  # noqa: F401 - registers the admin pages
