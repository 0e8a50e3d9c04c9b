"""Authentication (who is calling) and authorization policies (what they may do)."""
