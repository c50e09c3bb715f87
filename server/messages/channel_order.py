"""The order the sender tries a person's channels: email (for the kinds that mail documents),
the mini-program's subscribe message, the official account's template message, and SMS for what
must not be missed. Imported once by `create_app`."""
from __future__ import annotations

from server.messages.channels import add_channel
from server.messages.sms_channel import SmsChannel
from server.messages.wechat_channels import SubscribeChannel, TemplateChannel

for channel in (SubscribeChannel(), TemplateChannel(), SmsChannel()):
    add_channel(channel)
