"""tradetriage: mailbox triage for export-sales clerks."""

__version__ = "0.1.0"
