"""Batches (选聘批次): one call for applications, with its windows, fee and eligibility rules."""
