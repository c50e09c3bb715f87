"""Mini-program subscribe-message grants: what the applicant answered `wx.requestSubscribeMessage`
for each template, and how many messages of it we may still send (one accept, one message)."""
