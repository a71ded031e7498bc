"""Exports: the registry features declare their exports in, the writers, the download view
and the participation section of the contract."""
