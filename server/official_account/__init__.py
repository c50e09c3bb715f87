"""The official account as the applicant meets it: binding a follower to their account (a
short-lived QR code from the mini-program, or the unionid WeChat gives), and the bot that answers
their texts with their own status."""
