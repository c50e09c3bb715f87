"""Request handlers: the mini-program JSON API, the staff console and the WeChat callbacks.

Handlers parse input, call a domain service and shape the answer; rules live in the domain areas.
"""
