"""Back Pain Options: the pure core (schema, loading, querying, charts, export).

Nothing in this package imports streamlit, so the CLI and the tests can use it alone.
"""
