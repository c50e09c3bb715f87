"""WeChat's callbacks to us: the official account's message push and WeChat Pay's notifications."""
