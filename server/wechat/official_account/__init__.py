"""The official account's callback side: protocol (signatures, AES, replies), typed messages,
dedup of WeChat's retries, and the handler interface the endpoint dispatches to."""
from server.wechat.official_account.dedup import DEDUP_SECONDS, MemorySeenStore, RedisSeenStore, SeenStore, dedup_key
from server.wechat.official_account.handler import (
                                                  HELP_TEXT,
                                                  BaseMessageHandler,
                                                  HelpMenuHandler,
                                                  MessageHandler,
                                                  dispatch,
)
from server.wechat.official_account.messages import InboundMessage, MalformedMessage
from server.wechat.official_account.protocol import (
                                                  NOTHING_TO_SAY,
                                                  CallbackProtocol,
                                                  CallbackRefused,
                                                  Envelope,
                                                  ForgedRequest,
                                                  InboundRequest,
                                                  MalformedRequest,
                                                  Reply,
)

__all__ = ["DEDUP_SECONDS", "HELP_TEXT", "NOTHING_TO_SAY", "BaseMessageHandler", "CallbackProtocol",
           "CallbackRefused", "Envelope", "ForgedRequest", "HelpMenuHandler", "InboundMessage",
           "InboundRequest", "MalformedMessage", "MalformedRequest", "MemorySeenStore",
           "MessageHandler", "RedisSeenStore", "Reply", "SeenStore", "dedup_key", "dispatch"]
