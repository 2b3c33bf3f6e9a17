"""One router per domain of the networks app: the directory and personas (networks), the caller's
own things (me), and the moderators' tools (moderation). Other apps keep their router in their own
`api.py` (discussions, professionals)."""
