"""Helpdesk API: an API-first customer-service platform."""

__version__ = "0.1.0"
