"""The scheduler process (APScheduler, one per deployment): deadline reminders, payment
reconciliation and notification retries arrive here with the scheduler issue."""
