"""WeChat's callbacks to us: the official account's message push (later: payment notifications)."""
