"""Staff users, roles and login. Residents never need an account."""
