"""The scheduler process: exactly one per deployment runs the jobs (a database lock elects it).

    python -m jobs                       # wait for the lock, then run the jobs on their schedules
    python -m jobs run-once JOB [--now]  # run one job by hand (at a given Beijing time)
    python -m jobs list                  # the jobs and their schedules
"""
