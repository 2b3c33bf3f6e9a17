"""Moderation's writes for the rights of the persons (erasure, export, retention)."""
