"""`python -m jobs`: the scheduler process; `python -m jobs run-once JOB [--now ...]`; `python -m jobs list`."""
from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from datetime import datetime

from jobs import runner
from jobs.scheduler import serve
from server import create_app
from server.clock import BEIJING
from server.scheduling.jobs import JOBS


def _moment(text: str) -> datetime:
    """An ISO time; without an offset it is read as Beijing time."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=BEIJING)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobs", description="评标专家申报系统的定时任务")
    parser.add_argument("--interval", type=float, default=10.0, help="选举与心跳间隔（秒）")
    commands = parser.add_subparsers(dest="command")
    once = commands.add_parser("run-once", help="立即运行一个任务")
    once.add_argument("job", choices=sorted(JOBS))
    once.add_argument("--now", type=_moment, default=None, help="视作当前时间（如 2026-11-29T18:30，北京时间）")
    commands.add_parser("list", help="列出任务与计划")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.command == "list":
        for job in JOBS.values():
            print(f"{job.name:<24} {job.schedule_text:<24} {job.label}")
        return 0
    app = create_app()
    if args.command == "run-once":
        print(runner.run_job(app, args.job, args.now, runner="manual"))
        return 0
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    serve(app, interval=args.interval, stop=stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
