"""The local SQLite store: schema, writing, reading and the queries the commands run."""

# SQLite's largest integer, so its largest row id: a message or contact id typed past it is a
# usage error, not an overflow deep in a query.
MAX_ROWID = 2**63 - 1
