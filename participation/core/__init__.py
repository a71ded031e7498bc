"""What every feature shares; imports no feature."""
