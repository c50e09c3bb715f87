"""Training and exam notices (培训/考试通知) posted by association staff to an audience of applicants.

A notice is written as a draft, published at once or at a time (the scheduler calls
`services.publish_due(now)`), and on publication fanned out in a fixed number of statements:
one row per recipient (`NoticeRecipient`, which also keeps the read mark) and one outbox message
each (kind `notice_posted`). Until it goes out it can be edited or withdrawn.
"""
