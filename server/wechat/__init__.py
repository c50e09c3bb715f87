"""WeChat through wechatpy: the shared-token client and the mini-program login."""
from server.wechat.client import SharedTokenWeChatClient, make_wechat_client
from server.wechat.login import WechatLoginError, WechatSession, code_to_session

__all__ = ["SharedTokenWeChatClient", "WechatLoginError", "WechatSession", "code_to_session",
           "make_wechat_client"]
