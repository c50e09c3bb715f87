"""The scheduler's records: which process leads, what each job did when, and APScheduler's own
job store (a table of ours, so one migration chain builds it)."""
