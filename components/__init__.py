"""Streamlit UI pieces: one module per page or panel. Logic lives in ``backpain``."""
