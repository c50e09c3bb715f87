"""Messages to people: an outbox row written in the same transaction as the change that causes it,
delivered afterwards by the sender through the channels the person has (see outbox.py, sender.py)."""
