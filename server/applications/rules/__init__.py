"""Pure domain rules of the application form (no Flask, no database).

Each module takes plain values and returns plain values: a normalised value, a
Chinese message, or a list of :class:`~server.applications.rules.problems.Problem`.
"""
