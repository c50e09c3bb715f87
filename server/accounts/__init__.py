"""Accounts: applicants (mini-program) and staff (console), their logins, tokens and SMS codes."""
