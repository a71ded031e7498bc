"""Contribution: one thing someone said, from any format — the spine of the analyses."""
