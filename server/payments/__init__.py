"""Payments: the fee (缴费), its orders and providers, receipts and tax invoices (发票).

`server.payments.providers` is the provider layer: one interface (`PaymentProvider`), WeChat Pay
API v3 and v2 behind it, chosen by `PAYMENT_PROVIDER`; orders, payments and refunds are built on it.
"""
