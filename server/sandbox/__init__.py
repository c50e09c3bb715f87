"""A local stand-in for WeChat and Tencent Cloud SMS (real HTTP) and for a mail server (real SMTP).

Used by the dev server and the tests; production never starts it.
"""
from server.sandbox.server import SandboxServer
from server.sandbox.settings import SandboxSettings
from server.sandbox.wechat.world import LoginCode

__all__ = ["LoginCode", "SandboxServer", "SandboxSettings"]
