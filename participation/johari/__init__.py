"""Johari window exercises: groups, prompts, post-its, the window and the comparison."""
