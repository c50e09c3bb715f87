"""Reconciliation in the console: the runs by day, one day's differences, and running a day now."""
from __future__ import annotations

from datetime import date, timedelta

from flask import flash, redirect, render_template, request, url_for

from server.clock import beijing, now
from server.errors import DomainError
from server.handlers.console import bp
from server.handlers.console.payments import FEE_STAFF
from server.handlers.console.session import staff_required
from server.payments import reconciliation
from server.payments.gateway import UNAVAILABLE
from server.payments.providers import ProviderRefused, ProviderUnavailable
from server.payments.rows import order_by_number


@bp.get("/payments/reconciliation")
@staff_required(*FEE_STAFF)
def reconciliation_runs():
    runs = reconciliation.recent_runs()
    chosen = next((run for run in runs if run.day.isoformat() == request.args.get("day")), runs[0] if runs else None)
    differences = reconciliation.differences_of(chosen) if chosen else []
    orders = {difference.out_trade_no: order_by_number(difference.out_trade_no) for difference in differences}
    return render_template("console/reconciliation.html", runs=runs, chosen=chosen, differences=differences,
                           orders=orders, yesterday=(beijing(now()).date() - timedelta(days=1)).isoformat())


@bp.post("/payments/reconciliation")
@staff_required(*FEE_STAFF)
def reconciliation_run():
    try:
        day = date.fromisoformat(request.form.get("day", ""))
    except ValueError:
        flash("请选择对账日期")
        return redirect(url_for("console.reconciliation_runs"))
    if day > beijing(now()).date():
        flash("不能对尚未到来的日期对账")
        return redirect(url_for("console.reconciliation_runs"))
    try:
        run = reconciliation.reconcile(day)
    except (ProviderUnavailable, ProviderRefused):
        flash(f"{UNAVAILABLE}（账单未能下载）")
        return redirect(url_for("console.reconciliation_runs"))
    except DomainError as error:
        flash(error.message)
        return redirect(url_for("console.reconciliation_runs"))
    flash(f"{day.isoformat()} 对账完成：账单{run.bill_rows}笔，一致{run.agreed}笔，差异{len(run.differences)}笔")
    return redirect(url_for("console.reconciliation_runs", day=day.isoformat()))
