"""Reminders before every deadline, "you may pay from today", and the review digest to staff."""
