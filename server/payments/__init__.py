"""Payments: the fee, its orders and providers, receipts and tax invoices (发票)."""
