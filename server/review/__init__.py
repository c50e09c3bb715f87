"""The qualification review (资格审核): signed sheets, decisions, withdrawals, expert numbers."""
